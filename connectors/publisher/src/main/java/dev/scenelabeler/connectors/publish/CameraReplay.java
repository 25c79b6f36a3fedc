package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays one camera's source into a {@link FrameSender} on the camera's own thread: each frame is
 * waited for until due at the publishing rate, encoded, wrapped in a {@link FrameRecord} with the
 * camera's next sequence number and its capture time (see {@link ReplayClock}). With loop, the
 * source is opened again at its end and its timeline continues.
 */
final class CameraReplay {

  private static final Logger LOG = LoggerFactory.getLogger(CameraReplay.class);

  /** The longest wait between checks for a stop. */
  private static final long PARK_NANOS = 50_000_000L;

  private final CameraFeed feed;
  private final ReplaySettings settings;
  private final FrameSender sender;
  private final BooleanSupplier stopping;
  private final FrameEncoder encoder;
  private long sequence;
  private long passStartMicros;
  // Starts at this camera's first frame, not at publish(): opening a source and loading the
  // codecs takes seconds, and frames would otherwise burst out to catch up.
  private ReplayClock clock;

  /** {@code stopping} is asked before each frame and while waiting for one to be due. */
  CameraReplay(
      CameraFeed feed, ReplaySettings settings, FrameSender sender, BooleanSupplier stopping) {
    this.feed = feed;
    this.settings = settings;
    this.sender = sender;
    this.stopping = stopping;
    this.encoder = new FrameEncoder(settings.encoding(), settings.jpegQuality());
  }

  /**
   * Replays until the source ends (its last pass with loop), the frame limit or a stop; returns
   * frames sent.
   */
  long run() throws VideoException {
    boolean passHadFrames;
    do {
      passHadFrames = replayPass();
    } while (settings.loop() && passHadFrames && mayContinue());
    LOG.debug("Camera {} done after {} frames", feed.cameraId(), sequence);
    return sequence;
  }

  private boolean mayContinue() {
    return !stopping.getAsBoolean() && sequence < settings.maxFramesPerCamera();
  }

  /** One pass over the source; returns whether it had frames. */
  private boolean replayPass() throws VideoException {
    long firstSequence = sequence;
    long lastPts = 0;
    double frameRate;
    try (FrameSource source = feed.opener().open(settings.sourceOptions())) {
      frameRate = source.info().frameRate();
      Optional<VideoFrame> next;
      while (mayContinue() && (next = source.next()).isPresent()) {
        VideoFrame frame = next.get();
        try {
          sendWhenDue(frame);
          lastPts = frame.timestampMicros();
        } finally {
          frame.bgr().release();
        }
      }
    }
    // The next pass continues the stream's clock one frame after this pass's last frame.
    passStartMicros += lastPts + (long) (1e6 / (frameRate > 0 ? frameRate : 30));
    return sequence > firstSequence;
  }

  private void sendWhenDue(VideoFrame frame) {
    PublishRate rate = settings.rate();
    long due = rate.dueNanos(sequence, passStartMicros + frame.timestampMicros());
    if (clock == null) {
      clock = ReplayClock.startingNow(System.nanoTime(), System.currentTimeMillis(), due);
    }
    waitUntil(clock.sendAtNanos(due));
    long captureMillis =
        rate.paced() ? clock.scheduledEpochMillis(due) : System.currentTimeMillis();
    sender.send(
        new FrameRecord(
            feed.cameraId(),
            sequence,
            captureMillis,
            settings.encoding(),
            frame.width(),
            frame.height(),
            encoder.encode(frame.bgr())));
    sequence++;
  }

  private void waitUntil(long dueNanos) {
    long wait;
    while ((wait = dueNanos - System.nanoTime()) > 0 && !stopping.getAsBoolean()) {
      LockSupport.parkNanos(Math.min(wait, PARK_NANOS));
    }
  }
}
