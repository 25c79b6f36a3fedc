package dev.scenelabeler.connectors.video;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Reads a container's {@code creation_time} tag as FFmpeg reports it: ISO 8601 in UTC ({@code
 * 2024-03-01T10:20:30.000000Z}, what MP4 and Matroska muxers write), or the older {@code 2024-03-01
 * 10:20:30} without a zone, which FFmpeg also means as UTC. MP4 stores 0 (1904) for "unknown": a
 * time before 1970 is treated as none.
 */
final class CreationTime {

  private CreationTime() {}

  static Optional<Instant> parse(String tag) {
    if (tag == null || tag.isBlank()) {
      return Optional.empty();
    }
    String text = tag.trim();
    Instant instant;
    try {
      instant = Instant.parse(text);
    } catch (DateTimeParseException notIsoInstant) {
      try {
        instant = LocalDateTime.parse(text.replace(' ', 'T')).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException unreadable) {
        return Optional.empty();
      }
    }
    return instant.isAfter(Instant.EPOCH) ? Optional.of(instant) : Optional.empty();
  }
}
