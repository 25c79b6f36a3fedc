package dev.scenelabeler.connectors.records;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Writes one binary record field by field (big-endian) into an exactly sized array. */
final class RecordWriter {

  private final ByteBuffer buffer;

  RecordWriter(int size, byte magic, byte version) {
    buffer = ByteBuffer.allocate(size);
    buffer.put(magic).put(version);
  }

  static byte[] utf8(String kind, String field, String value, int maxBytes) {
    if (value == null) {
      throw new RecordFormatException(kind + " record field '" + field + "' is null");
    }
    byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > maxBytes) {
      throw new RecordFormatException(
          kind
              + " record field '"
              + field
              + "' is "
              + bytes.length
              + " UTF-8 bytes, the limit is "
              + maxBytes);
    }
    return bytes;
  }

  /** Bytes a uint16-prefixed string takes. */
  static int stringSize(byte[] utf8) {
    return 2 + utf8.length;
  }

  RecordWriter u8(int value) {
    buffer.put((byte) value);
    return this;
  }

  RecordWriter i32(int value) {
    buffer.putInt(value);
    return this;
  }

  RecordWriter i64(long value) {
    buffer.putLong(value);
    return this;
  }

  RecordWriter f32(float value) {
    buffer.putFloat(value);
    return this;
  }

  RecordWriter string(byte[] utf8) {
    buffer.putShort((short) utf8.length).put(utf8);
    return this;
  }

  RecordWriter bytes(byte[] bytes) {
    buffer.putInt(bytes.length).put(bytes);
    return this;
  }

  byte[] toArray() {
    if (buffer.hasRemaining()) {
      throw new IllegalStateException(
          "record size miscounted: "
              + buffer.remaining()
              + " of "
              + buffer.capacity()
              + " bytes unwritten");
    }
    return buffer.array();
  }
}
