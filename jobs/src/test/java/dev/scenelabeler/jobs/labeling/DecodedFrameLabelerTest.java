package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import dev.scenelabeler.jobs.testing.SyntheticFrames;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameRefusedException;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.WorkingSize;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The labeling core both jobs share: one pass per batch, refusals kept to their frame, failures
 * passed on.
 */
class DecodedFrameLabelerTest {

  private final FakeLabelerFactory fake = FakeLabelerFactory.create();
  private final List<Mat> mats = new ArrayList<>();

  private static DecodedFrameLabeler core(FrameLabeler labeler) {
    return core(labeler, TemporalFilterSettings.off());
  }

  private static DecodedFrameLabeler core(FrameLabeler labeler, TemporalFilterSettings filter) {
    LabelingMetrics metrics =
        new LabelingMetrics(
            new UnregisteredMetricsGroup(), new DeviceAssignment(DeviceSpec.cpu(), "test"));
    return new DecodedFrameLabeler(labeler, metrics, 4, filter);
  }

  private SequencedFrame sequenced(String camera, long sequence, Mat image) {
    return new SequencedFrame(image, camera, new FramePosition(sequence, 1_000 + 33 * sequence));
  }

  private Mat frame(long sequence, int width, int height) {
    Mat mat = SyntheticFrames.mat("cam-a", sequence, width, height);
    mats.add(mat);
    return mat;
  }

  @AfterEach
  void releaseFrames() {
    mats.forEach(Mat::release);
  }

  @Test
  void shouldLabelFramesOfMixedSizesInOnePass() {
    DecodedFrameLabeler core = core(fake.open(DeviceSpec.cpu()));

    List<DecodedFrameLabeler.Outcome> outcomes =
        core.label(List.of(frame(0, 64, 48), frame(1, 32, 20)));

    assertThat(fake.batchSizes()).containsExactly(2);
    assertThat(outcomes).extracting(o -> o.mask().width()).containsExactly(64, 32);
  }

  @Test
  void shouldRefuseOnlyTheFrameTheLabelerRefusesAndLabelTheOthers() {
    DecodedFrameLabeler core = core(fake.open(DeviceSpec.cpu()));

    List<DecodedFrameLabeler.Outcome> outcomes =
        core.label(
            List.of(
                frame(0, 64, 48),
                frame(1, FakeLabelerFactory.REFUSED_WIDTH, 48),
                frame(2, 64, 48)));

    assertThat(outcomes.get(1).mask()).isNull();
    assertThat(outcomes.get(1).refused()).hasMessageContaining("refused");
    assertThat(outcomes.get(0).mask())
        .isEqualTo(
            FakeLabelerFactory.expectedMask(SyntheticFrames.pixels("cam-a", 0, 64, 48), 64, 48));
    assertThat(outcomes.get(2).mask())
        .isEqualTo(
            FakeLabelerFactory.expectedMask(SyntheticFrames.pixels("cam-a", 2, 64, 48), 64, 48));
    assertThat(outcomes.get(0).refused()).isNull();
  }

  @Test
  void shouldBlendEachCamerasFrameWithItsOwnHistoryInBatchOrder() {
    DecodedFrameLabeler core = core(fake.open(DeviceSpec.cpu()), TemporalFilterSettings.flow());
    InMemoryHistories histories = new InMemoryHistories();
    Mat still = frame(0, 64, 48);

    List<DecodedFrameLabeler.Outcome> outcomes =
        core.labelInSequence(
            List.of(sequenced("a", 0, still), sequenced("b", 0, still), sequenced("a", 1, still)),
            histories);

    assertThat(outcomes)
        .extracting(DecodedFrameLabeler.Outcome::filtered)
        .containsExactly(false, false, true); // a's second frame follows its first, same batch
    assertThat(histories.size()).isEqualTo(2);
    assertThat(histories.get("b").sequence()).isZero();
    assertThat(histories.get("a").sequence()).isEqualTo(1);
    assertThat(outcomes.get(2).mask().width()).isEqualTo(64);
  }

  @Test
  void shouldLabelEveryFrameAloneWithTheFilterOff() {
    DecodedFrameLabeler core = core(fake.open(DeviceSpec.cpu()));
    InMemoryHistories histories = new InMemoryHistories();
    Mat still = frame(0, 64, 48);

    List<DecodedFrameLabeler.Outcome> outcomes =
        core.labelInSequence(
            List.of(sequenced("a", 0, still), sequenced("a", 1, still)), histories);

    assertThat(outcomes).extracting(DecodedFrameLabeler.Outcome::filtered).containsOnly(false);
    assertThat(outcomes.get(1).mask())
        .isEqualTo(
            FakeLabelerFactory.expectedMask(SyntheticFrames.pixels("cam-a", 0, 64, 48), 64, 48));
    assertThat(histories.size()).isZero();
  }

  @Test
  void shouldRefuseOnlyTheRefusedFrameWhenFiltering() {
    DecodedFrameLabeler core = core(fake.open(DeviceSpec.cpu()), TemporalFilterSettings.flow());
    InMemoryHistories histories = new InMemoryHistories();

    List<DecodedFrameLabeler.Outcome> outcomes =
        core.labelInSequence(
            List.of(
                sequenced("a", 0, frame(0, 64, 48)),
                sequenced("a", 1, frame(1, FakeLabelerFactory.REFUSED_WIDTH, 48))),
            histories);

    assertThat(outcomes.get(0).mask()).isNotNull();
    assertThat(outcomes.get(1).refused()).hasMessageContaining("refused");
    assertThat(histories.get("a").sequence()).isZero();
  }

  @Test
  void shouldLetAnExceptionThatIsNoRefusalPropagate() {
    FrameLabeler labeler = fake.open(DeviceSpec.cpu());
    DecodedFrameLabeler core =
        core(
            new FrameLabeler() {
              private boolean failed;

              @Override
              public List<SceneMask> labelBatch(List<Mat> frames) {
                if (!failed) { // once: labeling the frames one by one would hide it
                  failed = true;
                  throw new IllegalArgumentException("a bug, not a bad frame");
                }
                return labeler.labelBatch(frames);
              }

              @Override
              public ModelInfo info() {
                return labeler.info();
              }

              @Override
              public void close() {}
            });

    assertThatThrownBy(() -> core.label(List.of(frame(0, 64, 48), frame(1, 64, 48))))
        .isInstanceOf(IllegalArgumentException.class)
        .isNotInstanceOf(FrameRefusedException.class)
        .hasMessage("a bug, not a bad frame");
  }

  @Test
  void shouldLetTheEngineFailurePropagate() {
    DecodedFrameLabeler core = core(FakeLabelerFactory.brokenEngine().open(DeviceSpec.cpu()));

    assertThatThrownBy(() -> core.label(List.of(frame(0, 64, 48))))
        .hasMessageContaining("engine failure");
  }

  @Test
  void shouldKeepTheRealLabelersRefusalToItsFrame() {
    FrameLabeler real =
        SceneModelLabelerFactory.untrained("mobilenetv2-fusion", 3)
            .atWorkingSize(WorkingSize.shortSide(64))
            .open(DeviceSpec.cpu());
    try (DecodedFrameLabeler core = core(real)) {
      Mat sixteenBit = new Mat(48, 64, CvType.CV_16UC3);
      mats.add(sixteenBit);

      List<DecodedFrameLabeler.Outcome> outcomes =
          core.label(List.of(frame(0, 64, 48), sixteenBit));

      assertThat(outcomes.get(0).mask().width()).isEqualTo(64);
      assertThat(outcomes.get(1).refused())
          .isInstanceOf(FrameRefusedException.class)
          .hasMessageContaining("8-bit");
    }
  }
}
