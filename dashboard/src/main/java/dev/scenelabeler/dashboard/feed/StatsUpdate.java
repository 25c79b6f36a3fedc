package dev.scenelabeler.dashboard.feed;

import java.util.Map;

/**
 * One labelled frame's statistics, without pixels (the mask-stats topic).
 *
 * @param camera camera id
 * @param sequence frame number
 * @param captureTimestampMs when the frame was taken, the start of end-to-end latency
 * @param recordTimestampMs the Kafka record timestamp of the statistics, the end of it
 * @param classFractions share of the frame's pixels by class name, in the order the record lists
 *     them (which need not be the label set's: read them by name)
 * @param meanConfidence mean per-pixel confidence of the labeler
 * @param skipped frames of the camera the live job skipped (too old to label) since its previous
 *     mask
 */
public record StatsUpdate(
    String camera,
    long sequence,
    long captureTimestampMs,
    long recordTimestampMs,
    Map<String, Float> classFractions,
    float meanConfidence,
    long skipped) {}
