package dev.scenelabeler.connectors.records;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.InjectableValues;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@link MaskStats} as UTF-8 JSON. Unknown fields are ignored (a newer writer may add some within
 * the same format version); missing or null fields and any other formatVersion fail. Key = camera
 * id (UTF-8); record timestamp = labeling time. Use {@link #INSTANCE}, or {@link
 * RecordSerdes#maskStats()} as a Kafka serializer/deserializer.
 */
public enum MaskStatsJson implements ValueFormat<MaskStats> {
  INSTANCE;

  static final String KIND = "mask-stats";

  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // "skipped" and "filtered" came later within version 1: records without them read as 0
          // skipped, not filtered.
          .injectableValues(
              new InjectableValues.Std()
                  .addValue(MaskStats.SKIPPED_ABSENT, 0L)
                  .addValue(MaskStats.FILTERED_ABSENT, false))
          .build();

  /**
   * The JSON of {@code stats}, UTF-8. The limits do not apply: stats carry no image.
   *
   * @throws RecordFormatException when Jackson cannot write it (not expected for a valid record)
   */
  @Override
  public byte[] write(MaskStats stats, RecordLimits limits) {
    try {
      return MAPPER.writeValueAsBytes(stats);
    } catch (JsonProcessingException e) {
      throw new RecordFormatException(
          KIND + " record could not be written as JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** "field 'x' at line 1, column 12: " from what Jackson knows of the failure. */
  private static String where(JsonProcessingException e) {
    StringBuilder where = new StringBuilder();
    if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
      String field = mapping.getPath().get(mapping.getPath().size() - 1).getFieldName();
      if (field != null) {
        where.append("field '").append(field).append("' ");
      }
    }
    if (e.getLocation() != null) {
      where
          .append("at line ")
          .append(e.getLocation().getLineNr())
          .append(", column ")
          .append(e.getLocation().getColumnNr());
    }
    return where.append(": ").toString();
  }

  /** Jackson appends hints about features and sources; the first clause is the fault. */
  private static String firstSentence(String message) {
    int semicolon = message.indexOf(';');
    return (semicolon > 0 ? message.substring(0, semicolon) : message)
        .lines()
        .findFirst()
        .orElse(message);
  }

  /**
   * Parses one JSON value of at most {@link RecordLimits#MAX_METADATA_BYTES} bytes; the limits'
   * image bound does not apply.
   *
   * @throws RecordFormatException when it is empty, oversized, not JSON, lacks a field, has a null
   *     field or another formatVersion; the message names the field, line and column
   */
  @Override
  public MaskStats read(byte[] json, RecordLimits limits) {
    if (json.length == 0) {
      throw new RecordFormatException(
          KIND + " record too short: 0 bytes (empty value), expected a JSON object");
    }
    if (json.length > RecordLimits.MAX_METADATA_BYTES) {
      throw new RecordFormatException(
          KIND
              + " record too large: "
              + json.length
              + " bytes, the limit is "
              + RecordLimits.MAX_METADATA_BYTES);
    }
    MaskStats stats;
    try {
      stats = MAPPER.readValue(json, MaskStats.class);
    } catch (JsonProcessingException e) {
      throw new RecordFormatException(
          KIND
              + " record is not valid JSON of format version "
              + MaskStats.FORMAT_VERSION
              + " ("
              + json.length
              + " bytes): "
              + where(e)
              + firstSentence(e.getOriginalMessage()),
          e);
    } catch (IOException e) {
      throw new RecordFormatException(KIND + " record could not be read: " + e.getMessage(), e);
    }
    if (stats.formatVersion() != MaskStats.FORMAT_VERSION) {
      throw new RecordFormatException(
          KIND
              + " record format version "
              + stats.formatVersion()
              + " is not supported: this reader knows version "
              + MaskStats.FORMAT_VERSION);
    }
    return stats;
  }

  /** Keyed by camera id, stamped with the labeling time. */
  @Override
  public ProducerRecord<byte[], byte[]> toProducerRecord(
      String topic, MaskStats stats, RecordLimits limits) {
    return RecordFormat.keyedByCamera(
        topic, stats.camera(), stats.labeledTimestampMs(), write(stats, limits));
  }
}
