package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.RecordSerdes;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Capture times follow the source's own timeline, whatever happens to the sends, and sends the
 * broker does not acknowledge are reported. The producer is Kafka's MockProducer; the source a
 * synthetic 15 fps clip.
 */
class FramePublisherTimelineTest {

  private static final double FPS = 15;

  @Test
  void shouldStampEachFrameWithItsScheduledTimeEvenWhenSendsWereBlocked() {
    // Frame 3's send blocks for 1.5 s (a broker outage filling the buffer); frames 4..19 are
    // then overdue and go out in a burst.
    BlockingProducer producer = new BlockingProducer(3, Duration.ofMillis(1_500), true);
    long before = System.currentTimeMillis();
    try (FramePublisher publisher =
        FramePublisher.builder()
            .setProducer(producer)
            .optRate(new PublishRate.Realtime())
            .build()) {
      publisher.publish(List.of(clip("cam-1", 20)));
    }
    List<FrameRecord> frames = producer.history().stream().map(ProducerRecord::value).toList();
    assertThat(frames).hasSize(20);
    long first = frames.get(0).captureTimestampMs();
    assertThat(first).isBetween(before, before + 10_000);
    for (FrameRecord frame : frames) {
      long expected = first + Math.round(frame.sequence() * 1000 / FPS);
      assertThat(frame.captureTimestampMs())
          .as("capture time of frame %d", frame.sequence())
          .isBetween(expected - 1, expected + 1);
    }
    // The burst after the block: frames 4..19 went out together, though their capture times
    // span a second.
    long burst = producer.sentAtMillis(19) - producer.sentAtMillis(4);
    long span = frames.get(19).captureTimestampMs() - frames.get(4).captureTimestampMs();
    System.out.printf("frames 4-19: capture times span %d ms, sent within %d ms%n", span, burst);
    assertThat(burst).isLessThan(span);
  }

  @Test
  void shouldStampFramesWithTheSendTimeAtMaxRate() {
    // No timeline at max: a frame is stamped when it goes out, so the 300 ms block of frame 2's
    // send shows between frames 2 and 3 (on the clip's timeline they are 66 ms apart).
    BlockingProducer producer = new BlockingProducer(2, Duration.ofMillis(300), true);
    try (FramePublisher publisher =
        FramePublisher.builder().setProducer(producer).optRate(new PublishRate.Max()).build()) {
      publisher.publish(List.of(clip("cam-1", 5)));
    }
    List<ProducerRecord<String, FrameRecord>> records = producer.history();
    for (ProducerRecord<String, FrameRecord> record : records) {
      assertThat(record.timestamp()).isEqualTo(record.value().captureTimestampMs());
      assertThat(record.value().captureTimestampMs())
          .isLessThanOrEqualTo(producer.sentAtMillis(record.value().sequence()));
    }
    assertThat(
            records.get(3).value().captureTimestampMs()
                - records.get(2).value().captureTimestampMs())
        .isGreaterThanOrEqualTo(300);
  }

  @Test
  void shouldReportFramesWaitingForAcknowledgementAndSinceWhen() {
    // The broker acknowledges nothing until the publisher flushes at the end.
    BlockingProducer producer = new BlockingProducer(-1, Duration.ZERO, false);
    List<FramePublisher.SendStall> stalls = new CopyOnWriteArrayList<>();
    long before = System.currentTimeMillis();
    try (FramePublisher publisher =
        FramePublisher.builder()
            .setProducer(producer)
            .optRate(new PublishRate.FramesPerSecond(20))
            .optStallListener(stalls::add, Duration.ofMillis(200))
            .build()) {
      publisher.publish(List.of(clip("cam-1", 20))); // 1 s of sends
    }
    stalls.forEach(s -> System.out.println(s.describe()));
    assertThat(stalls)
        .as("reported at 200 ms and again every 200 ms")
        .hasSizeGreaterThanOrEqualTo(2);
    FramePublisher.SendStall firstReport = stalls.get(0);
    assertThat(firstReport.waitingFrames()).isBetween(3, 20);
    assertThat(firstReport.waited()).isGreaterThanOrEqualTo(Duration.ofMillis(200));
    assertThat(firstReport.since())
        .isBetween(
            Instant.ofEpochMilli(before - 1), Instant.ofEpochMilli(producer.sentAtMillis(0) + 50));
    assertThat(stalls.get(stalls.size() - 1).waitingFrames())
        .isGreaterThan(firstReport.waitingFrames());
  }

  /** {@code frames} frames of 16x16 at 15 fps. */
  private static CameraFeed clip(String camera, int frames) {
    return SyntheticClip.feed(camera, frames, FPS);
  }

  /** A MockProducer whose send of one sequence number blocks for a while, as a full buffer does. */
  private static final class BlockingProducer extends MockProducer<String, FrameRecord> {
    private final long blockSequence;
    private final Duration block;
    private final Map<Long, Long> sentAt = new ConcurrentHashMap<>();

    BlockingProducer(long blockSequence, Duration block, boolean autoComplete) {
      super(autoComplete, null, new StringSerializer(), RecordSerdes.frames());
      this.blockSequence = blockSequence;
      this.block = block;
    }

    @Override
    public Future<RecordMetadata> send(
        ProducerRecord<String, FrameRecord> record, Callback callback) {
      if (record.value().sequence() == blockSequence) {
        try {
          Thread.sleep(block.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      sentAt.put(record.value().sequence(), System.currentTimeMillis());
      return super.send(record, callback);
    }

    long sentAtMillis(long sequence) {
      return sentAt.get(sequence);
    }
  }
}
