package dev.scenelabeler.connectors.records;

import com.fasterxml.jackson.annotation.JacksonInject;
import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.OptBoolean;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Per-frame statistics on the {@code mask-stats} topic, as JSON, for dashboards that do not want
 * pixels; key = camera id (UTF-8). Field by field in docs/FORMATS.md ("Mask stats").
 *
 * @param formatVersion always {@link #FORMAT_VERSION} when written; checked on read
 * @param classFractions fraction of the pixels of each class, by class name, in label-set order
 * @param latencyMs labeled minus capture timestamp
 * @param skipped frames of this camera the live job skipped as too old to label since its previous
 *     mask (0 in archive mode; 0 when read from a writer that predates the field)
 * @param filtered whether the mask was blended with its camera's previous masks by the temporal
 *     filter (false for a camera's first frame, after a gap, a restart or a scene cut, and with the
 *     filter off; false when read from a writer that predates the field)
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
    float meanConfidence,
    long skipped,
    boolean filtered) {

  public static final int FORMAT_VERSION = 1;

  /** What a reader injects for {@code skipped} when a record lacks it: 0. */
  static final String SKIPPED_ABSENT = "mask-stats.skipped.absent";

  /** What a reader injects for {@code filtered} when a record lacks it: false. */
  static final String FILTERED_ABSENT = "mask-stats.filtered.absent";

  /**
   * How JSON is read: as the canonical constructor, but a missing {@code skipped} is 0 and a
   * missing {@code filtered} false (injected).
   */
  @JsonCreator
  static MaskStats fromJson(
      @JsonProperty("formatVersion") int formatVersion,
      @JsonProperty("camera") String camera,
      @JsonProperty("sequence") long sequence,
      @JsonProperty("captureTimestampMs") long captureTimestampMs,
      @JsonProperty("labeledTimestampMs") long labeledTimestampMs,
      @JsonProperty("latencyMs") long latencyMs,
      @JsonProperty("modelId") String modelId,
      @JsonProperty("classFractions") Map<String, Float> classFractions,
      @JsonProperty("meanConfidence") float meanConfidence,
      @JacksonInject(value = SKIPPED_ABSENT, useInput = OptBoolean.TRUE) @JsonProperty("skipped")
          long skipped,
      @JacksonInject(value = FILTERED_ABSENT, useInput = OptBoolean.TRUE) @JsonProperty("filtered")
          boolean filtered) {
    return new MaskStats(
        formatVersion,
        camera,
        sequence,
        captureTimestampMs,
        labeledTimestampMs,
        latencyMs,
        modelId,
        classFractions,
        meanConfidence,
        skipped,
        filtered);
  }

  /** The statistics of one mask record, nothing skipped before it. */
  public static MaskStats of(MaskRecord mask) {
    return of(mask, 0);
  }

  /**
   * The statistics of one mask record; {@code skipped} frames of its camera went unlabeled since
   * the previous.
   */
  public static MaskStats of(MaskRecord mask, long skipped) {
    return of(mask, skipped, false);
  }

  /**
   * The statistics of one mask record; {@code skipped} frames of its camera went unlabeled since
   * the previous; {@code filtered} if the temporal filter blended it with earlier masks.
   */
  public static MaskStats of(MaskRecord mask, long skipped, boolean filtered) {
    Map<String, Float> fractions = new LinkedHashMap<>();
    float[] values = mask.classFractions();
    for (int c = 0; c < values.length; c++) {
      fractions.put(mask.labelSet().classNames().get(c), values[c]);
    }
    return new MaskStats(
        FORMAT_VERSION,
        mask.cameraId(),
        mask.sequence(),
        mask.captureTimestampMs(),
        mask.labeledTimestampMs(),
        mask.latencyMs(),
        mask.modelId(),
        fractions,
        mask.meanConfidence(),
        skipped,
        filtered);
  }
}
