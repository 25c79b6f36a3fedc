package dev.scenelabeler.dashboard.state;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-second means of the class shares of arriving masks, by class name, kept for the last {@code
 * capacity} seconds for the chart. A second is closed (and becomes a point) once a later mask or
 * the clock has left it. Not thread-safe.
 */
public final class ShareHistory {

  private final int capacity;
  private final ArrayDeque<SharePoint> points = new ArrayDeque<>();
  private long openSecond = Long.MIN_VALUE;
  private final Map<String, Double> sums = new LinkedHashMap<>();
  private int count;

  public ShareHistory(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("capacity must be positive, got " + capacity);
    }
    this.capacity = capacity;
  }

  /** Adds one mask's class shares by name, observed at {@code atMs}. */
  public void add(Map<String, Float> shares, long atMs) {
    long second = Math.floorDiv(atMs, 1000);
    if (second != openSecond) {
      closeOpenSecond();
      openSecond = second;
    }
    shares.forEach((name, share) -> sums.merge(name, (double) share, Double::sum));
    count++;
  }

  /** Closes the open second once {@code nowMs} has left it, so the chart shows it. */
  public void closePast(long nowMs) {
    if (openSecond != Long.MIN_VALUE && Math.floorDiv(nowMs, 1000) > openSecond) {
      closeOpenSecond();
      openSecond = Long.MIN_VALUE;
    }
  }

  /** All points kept, oldest first. */
  public List<SharePoint> points() {
    return List.copyOf(points);
  }

  /** The points of {@code fromEpochSecond} and later, oldest first. */
  public List<SharePoint> pointsFrom(long fromEpochSecond) {
    return points.stream().filter(p -> p.epochSecond() >= fromEpochSecond).toList();
  }

  private void closeOpenSecond() {
    if (count == 0) {
      return;
    }
    Map<String, Float> means = new LinkedHashMap<>();
    sums.forEach((name, sum) -> means.put(name, (float) (sum / count)));
    points.addLast(new SharePoint(openSecond, means, count));
    while (points.size() > capacity) {
      points.removeFirst();
    }
    sums.clear();
    count = 0;
  }
}
