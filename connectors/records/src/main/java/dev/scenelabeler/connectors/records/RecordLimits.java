package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.Map;

/**
 * Size limits checked when records are written and read, so a corrupt length field or a runaway
 * producer is caught with a clear message instead of an OutOfMemoryError.
 *
 * @param maxImageBytes the largest encoded image (frame JPEG/PNG or mask PNG) in one record
 */
public record RecordLimits(int maxImageBytes) implements Serializable {

  /** Config key for Kafka (de)serializers: {@code scene-labeler.max.image.bytes}. */
  public static final String MAX_IMAGE_BYTES_CONFIG = "scene-labeler.max.image.bytes";

  /** 8 MiB: a 4K PNG frame fits; a 480x360 JPEG is ~30-60 KB. */
  public static final int DEFAULT_MAX_IMAGE_BYTES = 8 * 1024 * 1024;

  /** Room for everything in a record but the image (ids, names, fractions) at most. */
  public static final int MAX_METADATA_BYTES = 64 * 1024;

  /** Largest width or height accepted (a sanity bound, well above 8K video). */
  public static final int MAX_DIMENSION = 16_384;

  /** Longest camera id, model id, version or class name, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 255;

  public static final RecordLimits DEFAULTS = new RecordLimits(DEFAULT_MAX_IMAGE_BYTES);

  public RecordLimits {
    if (maxImageBytes <= 0 || maxImageBytes > Integer.MAX_VALUE - MAX_METADATA_BYTES) {
      throw new IllegalArgumentException(
          "maxImageBytes must be in 1.."
              + (Integer.MAX_VALUE - MAX_METADATA_BYTES)
              + ", got "
              + maxImageBytes);
    }
  }

  /**
   * Where a message about a limit says how to raise it: the options of the commands and the Kafka
   * config key.
   */
  public static final String HOW_TO_RAISE =
      "raise it with --max-frame-bytes (publish, stream)"
          + " or "
          + MAX_IMAGE_BYTES_CONFIG
          + " in Kafka serializer configs";

  /**
   * The largest whole record value, image plus metadata: what the producer and broker must allow.
   */
  public int maxRecordBytes() {
    return maxImageBytes + MAX_METADATA_BYTES;
  }

  /** Reads {@link #MAX_IMAGE_BYTES_CONFIG} from Kafka client configs, defaults otherwise. */
  public static RecordLimits fromConfigs(Map<String, ?> configs) {
    Object value = configs == null ? null : configs.get(MAX_IMAGE_BYTES_CONFIG);
    if (value == null) {
      return DEFAULTS;
    }
    try {
      return new RecordLimits(Integer.parseInt(value.toString().trim()));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          MAX_IMAGE_BYTES_CONFIG + " must be an integer number of bytes, got '" + value + "'", e);
    }
  }
}
