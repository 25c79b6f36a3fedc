package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordSerdes;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * One camera replayed into Kafka's MockProducer; the source is a synthetic 3-frame clip at 30 fps.
 */
class CameraReplayTest {

  private static final double FPS = 30;

  // Loading OpenCV takes seconds on a busy machine: not inside a test's timeout.
  static {
    SyntheticClip.loadOpenCv();
  }

  private final MockProducer<String, FrameRecord> producer =
      new MockProducer<>(true, null, new StringSerializer(), RecordSerdes.frames());
  private final FrameSender sender =
      new FrameSender(producer, "frames-test", new DeliveryTally(), null);

  @Test
  void shouldContinueTheTimelineOneFrameAfterTheLastFrameOnEachNewPass() throws Exception {
    CameraReplay replay =
        new CameraReplay(
            SyntheticClip.feed("cam-1", 3, FPS),
            settings(new PublishRate.Realtime(), true, 7),
            sender,
            () -> false);

    assertThat(replay.run()).isEqualTo(7);

    List<FrameRecord> frames = sent();
    assertThat(frames)
        .extracting(FrameRecord::sequence)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L);
    long first = frames.get(0).captureTimestampMs();
    for (FrameRecord frame : frames) {
      long expected = first + Math.round(frame.sequence() * 1000 / FPS);
      assertThat(frame.captureTimestampMs())
          .as("capture time of frame %d", frame.sequence())
          .isBetween(expected - 1, expected + 1);
    }
  }

  @Test
  void shouldReplayTheSourceOnceWithoutLoop() throws Exception {
    CameraReplay replay =
        new CameraReplay(
            SyntheticClip.feed("cam-1", 3, FPS),
            settings(new PublishRate.Max(), false, Long.MAX_VALUE),
            sender,
            () -> false);

    assertThat(replay.run()).isEqualTo(3);
    assertThat(sent()).extracting(FrameRecord::cameraId).containsOnly("cam-1");
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldEndALoopOverASourceWithoutFrames() throws Exception {
    CameraReplay replay =
        new CameraReplay(
            SyntheticClip.feed("cam-1", 0, FPS),
            settings(new PublishRate.Max(), true, Long.MAX_VALUE),
            sender,
            () -> false);

    assertThat(replay.run()).isZero();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldStopLoopingWhenAskedTo() throws Exception {
    CameraReplay replay =
        new CameraReplay(
            SyntheticClip.feed("cam-1", 3, FPS),
            settings(new PublishRate.Max(), true, Long.MAX_VALUE),
            sender,
            () -> producer.history().size() >= 5);

    assertThat(replay.run()).isEqualTo(5);
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void shouldNotWaitForAFrameDueLaterOnceAskedToStop() throws Exception {
    // One frame a minute: frame 0 goes out at once, frame 1 is due in 60 s; the stop comes
    // half a second after frame 0 went out, while waiting for frame 1. The frame waited for
    // still goes out (a stop ends a camera after its current frame), the next does not.
    AtomicLong firstSentNanos = new AtomicLong();
    FrameSender timingSender =
        new FrameSender(
            producer,
            "frames-test",
            new DeliveryTally(),
            frame -> firstSentNanos.compareAndSet(0, System.nanoTime()));
    CameraReplay replay =
        new CameraReplay(
            SyntheticClip.feed("cam-1", 3, FPS),
            settings(new PublishRate.FramesPerSecond(1.0 / 60), false, Long.MAX_VALUE),
            timingSender,
            () ->
                firstSentNanos.get() != 0
                    && System.nanoTime() - firstSentNanos.get() > 500_000_000L);

    assertThat(replay.run()).isEqualTo(2);
  }

  private List<FrameRecord> sent() {
    return producer.history().stream().map(ProducerRecord::value).toList();
  }

  private static ReplaySettings settings(PublishRate rate, boolean loop, long maxFrames) {
    return new ReplaySettings(
        rate, loop, ImageEncoding.PNG, 90, FrameSourceOptions.defaults(), maxFrames);
  }
}
