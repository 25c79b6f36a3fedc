package dev.scenelabeler.dashboard.feed;

import java.util.List;

/**
 * One labelled frame's statistics, without pixels (the mask-stats topic).
 *
 * @param camera camera id
 * @param sequence frame number
 * @param captureTimestampMs when the frame was taken, the start of end-to-end latency
 * @param recordTimestampMs the Kafka record timestamp of the statistics, the end of it
 * @param classNames class names in label-set order
 * @param classFractions share of the frame's pixels per class, same order
 * @param meanConfidence mean per-pixel confidence of the labeler
 * @param skipped frames of the camera the live job skipped (too old to label) since its previous mask
 */
public record StatsUpdate(
    String camera,
    long sequence,
    long captureTimestampMs,
    long recordTimestampMs,
    List<String> classNames,
    float[] classFractions,
    float meanConfidence,
    long skipped) {}
