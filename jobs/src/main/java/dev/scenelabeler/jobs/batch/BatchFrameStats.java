package dev.scenelabeler.jobs.batch;

import java.util.Map;

/**
 * One line of a video's {@code stats.jsonl} (docs/FORMATS.md, "label-video outputs"). Unlike the
 * streaming job's {@code mask-stats}, there is no capture time here, so no latency: the time a
 * frame took is the labeler's.
 *
 * @param formatVersion {@value #FORMAT_VERSION}
 * @param camera the video's id in this run (its file name)
 * @param sequence the frame's index in the video, from 0, before sampling (= the mask's file
 *     number)
 * @param positionMs the frame's presentation time from the start of the video, milliseconds
 * @param labelingMs labeler wall-clock time for this frame, milliseconds (a batch's time over its
 *     size)
 * @param classFractions share of the frame's pixels per class, in label-set order
 * @param meanConfidence mean over pixels of the winning class probability, 0..1
 * @param filtered whether the temporal filter blended the mask with the video's earlier frames
 */
public record BatchFrameStats(
    int formatVersion,
    String camera,
    long sequence,
    double positionMs,
    double labelingMs,
    String modelId,
    Map<String, Float> classFractions,
    float meanConfidence,
    boolean filtered) {

  public static final int FORMAT_VERSION = 1;
}
