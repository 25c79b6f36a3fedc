package dev.scenelabeler.connectors.publish;

import java.util.Locale;

/**
 * How fast frames are sent: {@code realtime} follows the source's presentation timestamps, {@code
 * max} sends as fast as the broker takes them, a number is frames per second.
 */
public sealed interface PublishRate {

  /**
   * When frame number {@code sent} (0-based, this camera) with stream time {@code streamMicros} is
   * due, in nanoseconds after the camera started; 0 or less means now.
   */
  long dueNanos(long sent, long streamMicros);

  /**
   * Whether frames follow a timeline (then a frame's capture time is its scheduled time on it);
   * {@code max} has none.
   */
  default boolean paced() {
    return true;
  }

  static PublishRate parse(String text) {
    String value = text.trim().toLowerCase(Locale.ROOT);
    if (value.equals("realtime")) {
      return new Realtime();
    }
    if (value.equals("max")) {
      return new Max();
    }
    double fps;
    try {
      fps =
          Double.parseDouble(
              value.endsWith("fps") ? value.substring(0, value.length() - 3) : value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "rate must be 'realtime', 'max' or frames per second such as 15, got '" + text + "'");
    }
    return new FramesPerSecond(fps);
  }

  /** At the pace the video was recorded. */
  record Realtime() implements PublishRate {
    @Override
    public long dueNanos(long sent, long streamMicros) {
      return streamMicros * 1_000;
    }

    @Override
    public String toString() {
      return "realtime";
    }
  }

  /** No pacing: throughput is bounded by encoding and the broker. */
  record Max() implements PublishRate {
    @Override
    public long dueNanos(long sent, long streamMicros) {
      return 0;
    }

    @Override
    public boolean paced() {
      return false;
    }

    @Override
    public String toString() {
      return "max";
    }
  }

  /** A fixed rate per camera, whatever the source's own rate. */
  record FramesPerSecond(double fps) implements PublishRate {
    public FramesPerSecond {
      if (!(fps > 0) || Double.isInfinite(fps)) {
        throw new IllegalArgumentException(
            "rate must be a positive number of frames per second, got " + fps);
      }
    }

    @Override
    public long dueNanos(long sent, long streamMicros) {
      return (long) (sent * 1e9 / fps);
    }

    @Override
    public String toString() {
      return fps + " fps";
    }
  }
}
