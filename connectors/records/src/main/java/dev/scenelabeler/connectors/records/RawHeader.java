package dev.scenelabeler.connectors.records;

import java.io.Serializable;
import java.util.Arrays;
import java.util.Objects;

/** One Kafka record header, kept byte for byte (value may be null, as Kafka allows). */
public record RawHeader(String key, byte[] value) implements Serializable {

  public RawHeader {
    Objects.requireNonNull(key, "key");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RawHeader other
        && key.equals(other.key)
        && Arrays.equals(value, other.value);
  }

  @Override
  public int hashCode() {
    return key.hashCode() * 31 + Arrays.hashCode(value);
  }

  @Override
  public String toString() {
    return key + "=" + (value == null ? "null" : value.length + " bytes");
  }
}
