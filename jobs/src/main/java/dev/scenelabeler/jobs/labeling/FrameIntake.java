package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.FrameHeader;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormatException;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.nio.charset.StandardCharsets;

/**
 * Turns a record from the frames topic into a {@link QueuedFrame}, parsing it once and leaving the
 * image in the record's bytes, so a queued frame costs its record's size on the heap, what {@code
 * --max-queued-frames} is sized by. A frame has one camera: the record's key, by which the stream
 * is partitioned, queued and counted, must be the camera id of its value, which the mask carries.
 */
final class FrameIntake {

  private final RecordLimits limits;

  FrameIntake(int maxFrameBytes) {
    this.limits = new RecordLimits(maxFrameBytes);
  }

  /** The camera a record counts under: its key (UTF-8), "" for none. */
  static String cameraOf(RawRecord raw) {
    return raw.key() == null ? "" : new String(raw.key(), StandardCharsets.UTF_8);
  }

  /**
   * @throws RecordFormatException when the value is no well-formed frame record within the limits,
   *     or names another camera than the key
   */
  QueuedFrame read(RawRecord raw, long nowMs) {
    byte[] value = raw.value();
    if (value == null || value.length == 0) {
      throw new RecordFormatException(
          "frame record value is " + (value == null ? "null (a tombstone)" : "empty (0 bytes)"));
    }
    if (value.length > limits.maxRecordBytes()) {
      throw new RecordFormatException(
          "frame record is "
              + value.length
              + " bytes, larger than the limit of "
              + limits.maxRecordBytes()
              + " (max frame bytes "
              + limits.maxImageBytes()
              + " + metadata)");
    }
    FrameHeader header = FrameRecordFormat.INSTANCE.readHeader(value, limits);
    String keyCamera = cameraOf(raw);
    if (!keyCamera.equals(header.cameraId())) {
      throw new RecordFormatException(
          "frame record key says camera '"
              + keyCamera
              + "'"
              + (raw.key() == null ? " (no key)" : "")
              + " but its value says camera '"
              + header.cameraId()
              + "'");
    }
    return new QueuedFrame(raw, header, nowMs);
  }
}
