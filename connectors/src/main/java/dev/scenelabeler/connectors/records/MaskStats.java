package dev.scenelabeler.connectors.records;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Per-frame statistics on the {@code mask-stats} topic, as JSON, for dashboards that do not
 * want pixels; key = camera id (UTF-8). Field by field in docs/FORMATS.md ("Mask stats").
 *
 * @param formatVersion always {@link #FORMAT_VERSION} when written; checked on read
 * @param classFractions fraction of the pixels of each class, by class name, in label-set order
 * @param latencyMs labeled minus capture timestamp
 */
public record MaskStats(
    int formatVersion,
    String camera,
    long sequence,
    long captureTimestampMs,
    long labeledTimestampMs,
    long latencyMs,
    String modelId,
    Map<String, Float> classFractions,
    float meanConfidence) {

  public static final int FORMAT_VERSION = 1;

  public MaskStats {
    Objects.requireNonNull(camera, "camera");
    Objects.requireNonNull(modelId, "modelId");
    classFractions = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(classFractions));
  }

  /** The statistics of one mask record. */
  public static MaskStats of(MaskRecord mask) {
    Map<String, Float> fractions = new LinkedHashMap<>();
    float[] values = mask.classFractions();
    for (int c = 0; c < values.length; c++) {
      fractions.put(mask.labelSet().classNames().get(c), values[c]);
    }
    return new MaskStats(FORMAT_VERSION, mask.cameraId(), mask.sequence(),
        mask.captureTimestampMs(), mask.labeledTimestampMs(), mask.latencyMs(),
        mask.modelId(), fractions, mask.meanConfidence());
  }
}
