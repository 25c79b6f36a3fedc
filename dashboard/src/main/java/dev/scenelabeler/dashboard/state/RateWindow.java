package dev.scenelabeler.dashboard.state;

import java.util.ArrayDeque;

/**
 * Events per second over the last {@code windowMs}. Until a full window has passed since the first
 * event, the rate is taken over the time seen so far, so a fresh camera shows its real rate instead
 * of ramping up for the length of the window. Not thread-safe.
 */
public final class RateWindow {

  private final long windowMs;
  private final ArrayDeque<long[]> events = new ArrayDeque<>(); // {atMs, count}
  private long inWindow;
  private long firstEventMs = Long.MIN_VALUE;

  public RateWindow(long windowMs) {
    if (windowMs <= 0) {
      throw new IllegalArgumentException("windowMs must be positive, got " + windowMs);
    }
    this.windowMs = windowMs;
  }

  public void record(long atMs) {
    record(atMs, 1);
  }

  /**
   * {@code count} events at {@code atMs} (e.g. frames reported skipped by one stats record); 0 is
   * ignored.
   */
  public void record(long atMs, long count) {
    if (count <= 0) {
      return;
    }
    if (firstEventMs == Long.MIN_VALUE) {
      firstEventMs = atMs;
    }
    events.addLast(new long[] {atMs, count});
    inWindow += count;
  }

  public double perSecond(long nowMs) {
    while (!events.isEmpty() && events.peekFirst()[0] <= nowMs - windowMs) {
      inWindow -= events.removeFirst()[1];
    }
    if (events.isEmpty()) {
      return 0;
    }
    // Over a span shorter than a second one event would read as a huge rate; never divide by less.
    long span = Math.min(windowMs, Math.max(1000, nowMs - firstEventMs));
    return inWindow * 1000.0 / span;
  }
}
