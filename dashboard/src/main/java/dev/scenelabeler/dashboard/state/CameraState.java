package dev.scenelabeler.dashboard.state;

import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.feed.StatsUpdate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** What the dashboard knows about one camera. Not thread-safe; {@link DashboardState} locks. */
final class CameraState {

  /**
   * Frames kept to pair with masks that arrive later: a mask may come seconds after its frame (a
   * live job's budget plus a checkpoint interval, more when it falls behind). Frames older than the
   * latest mask are dropped at once (masks of a camera come in order, so no later mask needs them:
   * those frames were skipped); the rest are bounded by count and bytes.
   */
  static final int FRAMES_KEPT = 600; // 40 s at 15 frames/s

  static final long FRAME_BYTES_KEPT = 48L << 20;
  private static final long RATE_WINDOW_MS = 10_000;
  private static final long LATENCY_WINDOW_MS = 60_000;
  private static final int LATENCY_MAX_SAMPLES = 20_000;

  private final String camera;
  private final long staleAfterMs;
  private final TreeMap<Long, FrameUpdate> recentFrames = new TreeMap<>(); // by sequence
  private long recentFrameBytes;
  private final RateWindow maskRate = new RateWindow(RATE_WINDOW_MS);
  private final RateWindow frameRate = new RateWindow(RATE_WINDOW_MS);
  private final RateWindow skipRate = new RateWindow(RATE_WINDOW_MS);

  /**
   * The label set's class names and colours, from the latest mask (names only, from stats, until
   * one comes).
   */
  private List<String> classNames = List.of();

  private List<String> palette = List.of();
  private final LatencyWindow latency = new LatencyWindow(LATENCY_WINDOW_MS, LATENCY_MAX_SAMPLES);
  private final ShareHistory shares;

  private MaskUpdate latestMask;
  private boolean latestMaskShownWithFrame;

  /** Once a camera has mask-stats records they drive its numbers, and masks only its picture. */
  private boolean statsSeen;

  private float latestConfidence = -1;
  private long lastFrameSequence = -1;
  private long lastMaskSequence = -1;
  private long lastFrameAtMs = -1;
  private long lastMaskAtMs = -1;
  private long deadLetters;

  CameraState(String camera, long staleAfterMs, int historySeconds) {
    this.camera = camera;
    this.staleAfterMs = staleAfterMs;
    this.shares = new ShareHistory(historySeconds);
  }

  /** Records a frame; returns a view to redraw when it completes the mask already shown. */
  Optional<CameraView> onFrame(FrameUpdate frame, long nowMs) {
    keep(frame);
    frameRate.record(nowMs);
    lastFrameAtMs = nowMs;
    lastFrameSequence = Math.max(lastFrameSequence, frame.sequence());
    if (latestMask != null
        && !latestMaskShownWithFrame
        && latestMask.sequence() == frame.sequence()) {
      latestMaskShownWithFrame = true;
      return Optional.of(new CameraView(latestMask, Optional.of(frame)));
    }
    return Optional.empty();
  }

  /**
   * Records a mask and returns the view to draw: the mask over its own frame when known. Its
   * numbers count only while the camera has no mask-stats records, which carry the same numbers.
   */
  CameraView onMask(MaskUpdate mask, long nowMs) {
    Optional<FrameUpdate> frame = Optional.ofNullable(recentFrames.get(mask.sequence()));
    dropFramesBefore(mask.sequence());
    classNames = mask.classNames();
    List<String> colours = new ArrayList<>();
    for (int rgb : mask.paletteRgb()) {
      colours.add(String.format("#%06x", rgb & 0xFFFFFF));
    }
    palette = List.copyOf(colours);
    if (!statsSeen) {
      recordLabelled(
          nowMs,
          latencyOf(mask, frame).orElse(-1L),
          ClassShares.of(mask.classNames(), mask.classFractions()));
    }
    latestMask = mask;
    latestMaskShownWithFrame = frame.isPresent();
    latestConfidence = mask.meanConfidence();
    lastMaskAtMs = nowMs;
    lastMaskSequence = mask.sequence();
    return new CameraView(mask, frame);
  }

  /** Records the statistics of a labelled frame: rate, latency and class shares. */
  void onStats(StatsUpdate stats, long nowMs) {
    statsSeen = true;
    skipRate.record(nowMs, stats.skipped());
    if (classNames.isEmpty()) {
      classNames = List.copyOf(stats.classFractions().keySet());
    }
    recordLabelled(
        nowMs, stats.recordTimestampMs() - stats.captureTimestampMs(), stats.classFractions());
    lastMaskAtMs = Math.max(lastMaskAtMs, nowMs);
    lastMaskSequence = Math.max(lastMaskSequence, stats.sequence());
    latestConfidence = stats.meanConfidence();
  }

  /** One labelled frame's numbers; a negative latency means it is unknown. */
  private void recordLabelled(long nowMs, long latencyMs, Map<String, Float> classShares) {
    maskRate.record(nowMs);
    if (latencyMs >= 0) {
      latency.record(nowMs, latencyMs);
    }
    shares.add(classShares, nowMs);
  }

  private void keep(FrameUpdate frame) {
    FrameUpdate replaced = recentFrames.put(frame.sequence(), frame);
    recentFrameBytes += frame.image().length - (replaced == null ? 0 : replaced.image().length);
    while (recentFrames.size() > FRAMES_KEPT
        || (recentFrameBytes > FRAME_BYTES_KEPT && recentFrames.size() > 1)) {
      recentFrameBytes -= recentFrames.pollFirstEntry().getValue().image().length;
    }
  }

  /** Masks of a camera come in sequence order: frames before this one's will get none. */
  private void dropFramesBefore(long sequence) {
    while (!recentFrames.isEmpty() && recentFrames.firstKey() < sequence) {
      recentFrameBytes -= recentFrames.pollFirstEntry().getValue().image().length;
    }
  }

  /** Frames held for masks still to come, for tests. */
  int framesKept() {
    return recentFrames.size();
  }

  void onDeadLetter() {
    deadLetters++;
  }

  Optional<CameraView> latestView() {
    if (latestMask == null) {
      return Optional.empty();
    }
    return Optional.of(
        new CameraView(latestMask, Optional.ofNullable(recentFrames.get(latestMask.sequence()))));
  }

  CameraMetrics metrics(long nowMs, List<SharePoint> points) {
    return new CameraMetrics(
        camera,
        status(nowMs),
        ago(lastMaskAtMs, nowMs),
        ago(lastFrameAtMs, nowMs),
        maskRate.perSecond(nowMs),
        frameRate.perSecond(nowMs),
        skipRate.perSecond(nowMs),
        latency.summary(nowMs),
        lastFrameSequence >= 0 && lastMaskSequence >= 0
            ? Math.max(0, lastFrameSequence - lastMaskSequence)
            : -1,
        deadLetters,
        latestConfidence,
        classNames,
        palette,
        points);
  }

  /** Chart points of the last {@code seconds} seconds (all kept points when negative). */
  List<SharePoint> sharePoints(long nowMs, int seconds) {
    shares.closePast(nowMs);
    return seconds < 0 ? shares.points() : shares.pointsFrom(Math.floorDiv(nowMs, 1000) - seconds);
  }

  CameraStatus status(long nowMs) {
    if (isRecent(lastMaskAtMs, nowMs)) {
      return CameraStatus.LIVE;
    }
    return isRecent(lastFrameAtMs, nowMs) ? CameraStatus.NO_MASKS : CameraStatus.STALE;
  }

  private boolean isRecent(long atMs, long nowMs) {
    return atMs >= 0 && nowMs - atMs <= staleAfterMs;
  }

  /**
   * End-to-end latency: from the frame entering the pipeline to its mask landing in Kafka. The
   * mask's own source timestamp is preferred; the paired frame's record timestamp stands in.
   */
  private static Optional<Long> latencyOf(MaskUpdate mask, Optional<FrameUpdate> frame) {
    if (mask.frameTimestampMs() >= 0) {
      return Optional.of(mask.recordTimestampMs() - mask.frameTimestampMs());
    }
    return frame.map(f -> mask.recordTimestampMs() - f.recordTimestampMs());
  }

  private static long ago(long atMs, long nowMs) {
    return atMs < 0 ? -1 : Math.max(0, nowMs - atMs);
  }
}
