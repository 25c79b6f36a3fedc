package dev.scenelabeler.connectors.publish;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Frames handed to the producer and not yet acknowledged by the broker (a send blocked on a full
 * buffer included): how many, and since when the oldest has waited. Thread-safe.
 */
final class SendBacklog {

  private final ConcurrentSkipListMap<Long, Long> handedOverNanos = new ConcurrentSkipListMap<>();
  private final AtomicLong ids = new AtomicLong();

  /** Call before {@code send}; returns the id to {@link #done} when acknowledged or failed. */
  long begin(long nowNanos) {
    long id = ids.incrementAndGet();
    handedOverNanos.put(id, nowNanos);
    return id;
  }

  void done(long id) {
    handedOverNanos.remove(id);
  }

  int waiting() {
    return handedOverNanos.size();
  }

  /**
   * The stall at {@code nowNanos}: empty unless the oldest frame waiting has waited at least {@code
   * threshold}.
   */
  Optional<FramePublisher.SendStall> stall(long nowNanos, long nowEpochMillis, Duration threshold) {
    Map.Entry<Long, Long> oldest = handedOverNanos.firstEntry();
    if (oldest == null) {
      return Optional.empty();
    }
    Duration waited = Duration.ofNanos(nowNanos - oldest.getValue());
    if (waited.compareTo(threshold) < 0) {
      return Optional.empty();
    }
    return Optional.of(
        new FramePublisher.SendStall(
            handedOverNanos.size(), Instant.ofEpochMilli(nowEpochMillis).minus(waited), waited));
  }
}
