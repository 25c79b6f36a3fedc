package dev.scenelabeler.connectors.publish;

/**
 * One camera's replay timeline, anchored at its first frame: when each frame is due (monotonic
 * nanoseconds, for pacing) and the wall-clock time it stands for (epoch milliseconds, its capture
 * time). A frame that goes out late, because the broker was away or sends were blocked, keeps the
 * capture time of its place in the source's own timeline, so latency measured from it shows the
 * delay instead of hiding it.
 */
final class ReplayClock {

  private final long startNanos;
  private final long startEpochMillis;

  private ReplayClock(long startNanos, long startEpochMillis) {
    this.startNanos = startNanos;
    this.startEpochMillis = startEpochMillis;
  }

  /**
   * Anchors the timeline so that the first frame, due {@code firstDueNanos} into it (see {@link
   * PublishRate#dueNanos}), is due now.
   *
   * @param nowNanos {@link System#nanoTime()} now
   * @param nowEpochMillis {@link System#currentTimeMillis()} now
   */
  static ReplayClock startingNow(long nowNanos, long nowEpochMillis, long firstDueNanos) {
    return new ReplayClock(nowNanos - firstDueNanos, nowEpochMillis - firstDueNanos / 1_000_000);
  }

  /**
   * When a frame due {@code dueNanos} into the timeline is to be sent, in {@link System#nanoTime()}
   * terms.
   */
  long sendAtNanos(long dueNanos) {
    return startNanos + dueNanos;
  }

  /** The wall-clock time, epoch milliseconds, of a frame due {@code dueNanos} into the timeline. */
  long scheduledEpochMillis(long dueNanos) {
    return startEpochMillis + dueNanos / 1_000_000;
  }
}
