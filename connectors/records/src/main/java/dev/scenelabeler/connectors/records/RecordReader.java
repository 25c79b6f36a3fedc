package dev.scenelabeler.connectors.records;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads one binary record field by field (big-endian), checking every length against what is left,
 * so a truncated or corrupt record fails with the field, the offset and the numbers rather than a
 * BufferUnderflowException or a silently wrong object.
 */
final class RecordReader {

  private final String kind;
  private final ByteBuffer buffer;

  private RecordReader(String kind, byte[] data) {
    this.kind = kind;
    this.buffer = ByteBuffer.wrap(data);
  }

  /**
   * Starts reading a record of {@code kind}: checks the size bounds, the magic byte and the format
   * version.
   */
  static RecordReader open(
      String kind, byte[] data, byte magic, byte version, int minBytes, int maxBytes) {
    if (data.length < minBytes) {
      throw new RecordFormatException(
          kind
              + " record too short: "
              + data.length
              + " bytes, a valid one has at least "
              + minBytes
              + (data.length == 0 ? " (empty value)" : " (truncated?)"));
    }
    if (data.length > maxBytes) {
      throw new RecordFormatException(
          kind
              + " record too large: "
              + data.length
              + " bytes, the limit is "
              + maxBytes
              + " ("
              + RecordLimits.HOW_TO_RAISE
              + ")");
    }
    if (data[0] != magic) {
      throw new RecordFormatException(
          String.format(
              "not a %s record: magic byte is 0x%02X, expected 0x%02X ('%c')",
              kind, data[0] & 0xFF, magic & 0xFF, (char) magic));
    }
    if (data[1] != version) {
      throw new RecordFormatException(
          kind
              + " record format version "
              + (data[1] & 0xFF)
              + " is not supported: this reader knows version "
              + version);
    }
    RecordReader reader = new RecordReader(kind, data);
    reader.buffer.position(2);
    return reader;
  }

  private void need(String field, int bytes) {
    if (buffer.remaining() < bytes) {
      throw new RecordFormatException(
          kind
              + " record truncated: field '"
              + field
              + "' needs "
              + bytes
              + " bytes at offset "
              + buffer.position()
              + ", only "
              + buffer.remaining()
              + " remain (record is "
              + buffer.limit()
              + " bytes)");
    }
  }

  int u8(String field) {
    need(field, 1);
    return buffer.get() & 0xFF;
  }

  int u16(String field) {
    need(field, 2);
    return buffer.getShort() & 0xFFFF;
  }

  int i32(String field) {
    need(field, 4);
    return buffer.getInt();
  }

  long i64(String field) {
    need(field, 8);
    return buffer.getLong();
  }

  float f32(String field) {
    need(field, 4);
    return buffer.getFloat();
  }

  /** A dimension: int32 in 1..{@link RecordLimits#MAX_DIMENSION}. */
  int dimension(String field) {
    int offset = buffer.position();
    int value = i32(field);
    if (value < 1 || value > RecordLimits.MAX_DIMENSION) {
      throw new RecordFormatException(
          kind
              + " record field '"
              + field
              + "' at offset "
              + offset
              + " is "
              + value
              + ", expected 1.."
              + RecordLimits.MAX_DIMENSION);
    }
    return value;
  }

  /** A uint16-length-prefixed strict UTF-8 string of at most {@code maxBytes} bytes. */
  String string(String field, int maxBytes) {
    int offset = buffer.position();
    int length = u16(field + " length");
    if (length > maxBytes) {
      throw new RecordFormatException(
          kind
              + " record field '"
              + field
              + "' at offset "
              + offset
              + " is "
              + length
              + " bytes, the limit is "
              + maxBytes);
    }
    need(field, length);
    ByteBuffer slice = buffer.slice(buffer.position(), length);
    buffer.position(buffer.position() + length);
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(slice);
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new RecordFormatException(
          kind
              + " record field '"
              + field
              + "' at offset "
              + offset
              + " is not valid UTF-8 ("
              + length
              + " bytes)",
          e);
    }
  }

  /** An int32-length-prefixed byte array of at most {@code maxBytes} bytes. */
  byte[] bytes(String field, int maxBytes) {
    int length = skipBytes(field, maxBytes);
    byte[] bytes = new byte[length];
    buffer.get(buffer.position() - length, bytes);
    return bytes;
  }

  /**
   * Passes an int32-length-prefixed byte array of at most {@code maxBytes} bytes; gives its length.
   */
  int skipBytes(String field, int maxBytes) {
    int offset = buffer.position();
    int length = i32(field + " length");
    if (length < 0 || length > maxBytes) {
      throw new RecordFormatException(
          kind
              + " record field '"
              + field
              + "' at offset "
              + offset
              + " declares "
              + length
              + " bytes, expected 0.."
              + maxBytes);
    }
    need(field, length);
    buffer.position(buffer.position() + length);
    return length;
  }

  /** Fails when bytes are left over: a record with trailing garbage is not silently accepted. */
  void expectEnd() {
    if (buffer.hasRemaining()) {
      throw new RecordFormatException(
          kind
              + " record has "
              + buffer.remaining()
              + " trailing bytes after offset "
              + buffer.position()
              + " (record is "
              + buffer.limit()
              + " bytes, the fields end at "
              + buffer.position()
              + ")");
    }
  }

  RecordFormatException invalid(String field, String problem) {
    return new RecordFormatException(kind + " record field '" + field + "' " + problem);
  }
}
