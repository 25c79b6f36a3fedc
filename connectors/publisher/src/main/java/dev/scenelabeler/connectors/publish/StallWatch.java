package dev.scenelabeler.connectors.publish;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the {@link SendBacklog} from a background thread: reports a stall when it starts and
 * every {@code stallAfter} while it lasts, and logs its end. Called from one thread only.
 */
final class StallWatch {

  private static final Logger LOG = LoggerFactory.getLogger(StallWatch.class);

  private final SendBacklog backlog;
  private final Duration stallAfter;
  private final Consumer<FramePublisher.SendStall> listener;
  private long lastReportNanos;
  private boolean stalled;

  StallWatch(
      SendBacklog backlog, Duration stallAfter, Consumer<FramePublisher.SendStall> listener) {
    this.backlog = backlog;
    this.stallAfter = stallAfter;
    this.listener = listener;
  }

  /** Often enough that a stall is reported soon after the threshold, and at least once a second. */
  Duration checkInterval() {
    return Duration.ofMillis(Math.max(10, Math.min(1000, stallAfter.toMillis() / 2)));
  }

  void check() {
    check(System.nanoTime(), System.currentTimeMillis());
  }

  void check(long nowNanos, long nowEpochMillis) {
    Optional<FramePublisher.SendStall> stall = backlog.stall(nowNanos, nowEpochMillis, stallAfter);
    if (stall.isPresent()) {
      if (!stalled || nowNanos - lastReportNanos >= stallAfter.toNanos()) {
        stalled = true;
        lastReportNanos = nowNanos;
        report(stall.get());
      }
    } else if (stalled) {
      stalled = false;
      LOG.info("Kafka acknowledges frames again; {} frame(s) waiting", backlog.waiting());
    }
  }

  // A failing listener must not end the scheduled checks.
  private void report(FramePublisher.SendStall stall) {
    try {
      listener.accept(stall);
    } catch (RuntimeException e) {
      LOG.warn("Stall listener failed: {}", e.toString());
    }
  }
}
