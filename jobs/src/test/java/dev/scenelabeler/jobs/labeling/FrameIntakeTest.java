package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormatException;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameIntakeTest {

  private static final int MAX_FRAME_BYTES = 64 * 1024;
  private final FrameIntake intake = new FrameIntake(MAX_FRAME_BYTES);

  @Test
  void shouldQueueAFrameWithItsHeaderAndTheTimeItWasTakenIn() {
    FrameRecord frame = SyntheticFrames.frame("cam-a", 7);

    QueuedFrame queued = intake.read(SyntheticFrames.raw(frame), 1_234);

    assertThat(queued.camera()).isEqualTo("cam-a");
    assertThat(queued.sequence()).isEqualTo(7);
    assertThat(queued.captureMs()).isEqualTo(frame.captureTimestampMs());
    assertThat(queued.queuedAtMs()).isEqualTo(1_234);
  }

  @Test
  void shouldKeepOneCopyOfTheImageTheRecordsOwnBytes() {
    FrameRecord frame = SyntheticFrames.frame("cam-a", 7);
    RawRecord raw = SyntheticFrames.raw(frame);

    QueuedFrame queued = intake.read(raw, 0);

    assertThat(queued.raw()).as("the record, for the checkpoint and dead letters").isSameAs(raw);
    ByteBuffer image = queued.image();
    assertThat(image.array()).as("the image is a view of the record's value").isSameAs(raw.value());
    byte[] viewed = new byte[image.remaining()];
    image.get(viewed);
    assertThat(viewed).isEqualTo(frame.image());
  }

  @Test
  void shouldRefuseAFrameWhoseKeyNamesAnotherCameraThanItsValue() {
    RawRecord raw =
        SyntheticFrames.raw("cam-b", 7, SyntheticFrames.value(SyntheticFrames.frame("cam-a", 7)));

    assertThatThrownBy(() -> intake.read(raw, 0))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("key says camera 'cam-b'")
        .hasMessageContaining("value says camera 'cam-a'");
  }

  @Test
  void shouldRefuseAFrameWithoutAKey() {
    RawRecord keyed = SyntheticFrames.raw(SyntheticFrames.frame("cam-a", 7));
    RawRecord raw =
        new RawRecord(
            keyed.topic(),
            keyed.partition(),
            keyed.offset(),
            keyed.timestamp(),
            null,
            keyed.value(),
            List.of());

    assertThatThrownBy(() -> intake.read(raw, 0))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("(no key)")
        .hasMessageContaining("'cam-a'");
  }

  @Test
  void shouldRefuseARecordOverTheLimitNamingIt() {
    RawRecord raw = SyntheticFrames.raw(SyntheticFrames.frame("cam-a", 7, 640, 480));

    assertThatThrownBy(() -> intake.read(raw, 0))
        .isInstanceOf(RecordFormatException.class)
        .hasMessageContaining("max frame bytes " + MAX_FRAME_BYTES);
  }
}
