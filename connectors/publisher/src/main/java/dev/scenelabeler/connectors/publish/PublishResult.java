package dev.scenelabeler.connectors.publish;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What a publish run delivered: counts are frames the broker acknowledged.
 *
 * @param frames frames acknowledged, all cameras
 * @param bytes key + value bytes acknowledged
 * @param elapsed from the start of publishing to the last acknowledgement
 * @param firstFrame from the start to the first acknowledgement: opening sources, loading the
 *     native codecs, connecting to the broker
 * @param framesByCamera frames acknowledged per camera id
 * @param failures one line per camera whose source failed part-way (its earlier frames were sent)
 */
public record PublishResult(
    long frames,
    long bytes,
    Duration elapsed,
    Duration firstFrame,
    Map<String, Long> framesByCamera,
    List<String> failures) {

  public double framesPerSecond() {
    return perSecond(frames);
  }

  /** Megabytes (10^6 bytes) per second. */
  public double megabytesPerSecond() {
    return perSecond(bytes) / 1e6;
  }

  /** Frames per second after the first one was acknowledged: the rate without start-up. */
  public double steadyFramesPerSecond() {
    double seconds = (elapsed.toNanos() - firstFrame.toNanos()) / 1e9;
    return frames > 1 && seconds > 0 ? (frames - 1) / seconds : 0;
  }

  /**
   * Megabytes per second after the first frame was acknowledged (assumes frames of similar size).
   */
  public double steadyMegabytesPerSecond() {
    return frames > 0 ? steadyFramesPerSecond() * bytes / frames / 1e6 : 0;
  }

  private double perSecond(double count) {
    double seconds = elapsed.toNanos() / 1e9;
    return seconds > 0 ? count / seconds : 0;
  }

  public String summary() {
    return String.format(
        "%d frames from %d camera(s), %.1f MB in %.2f s: %.1f frames/s, %.2f MB/s"
            + " (first frame after %.2f s, then %.1f frames/s, %.2f MB/s)",
        frames,
        framesByCamera.size(),
        bytes / 1e6,
        elapsed.toNanos() / 1e9,
        framesPerSecond(),
        megabytesPerSecond(),
        firstFrame.toNanos() / 1e9,
        steadyFramesPerSecond(),
        steadyMegabytesPerSecond());
  }
}
