package dev.scenelabeler.dashboard.feed;

import java.util.List;

/**
 * A label mask as the dashboard needs it, taken from the mask record itself (never re-labelled).
 *
 * @param camera camera id
 * @param sequence frame number the mask labels
 * @param frameTimestampMs when the labelled frame entered the pipeline (start of end-to-end
 *     latency); negative when unknown
 * @param recordTimestampMs the Kafka record timestamp of the mask (end of end-to-end latency)
 * @param width mask width in pixels
 * @param height mask height in pixels
 * @param classIndexPng 8-bit greyscale PNG whose sample value is the class index (255 = void)
 * @param classNames class names, index = class
 * @param paletteRgb class colours as 0xRRGGBB, index = class
 * @param classFractions share of the frame's pixels per class
 * @param meanConfidence mean per-pixel confidence of the labeler
 */
public record MaskUpdate(
    String camera,
    long sequence,
    long frameTimestampMs,
    long recordTimestampMs,
    int width,
    int height,
    byte[] classIndexPng,
    List<String> classNames,
    int[] paletteRgb,
    float[] classFractions,
    float meanConfidence) {}
