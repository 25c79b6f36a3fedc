package dev.scenelabeler.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.ImageDifference;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.data.CamVidSplit.Sample;
import dev.scenelabeler.models.eval.Corruptions.Condition;
import java.util.List;
import java.util.Random;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class CorruptionsTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCv.load();
  }

  /** A 96x72 frame: left half dark, right half bright, with labels 0 | 2 and a pedestrian row. */
  private static Sample sample() {
    Mat image = new Mat(72, 96, CvType.CV_8UC3, new Scalar(40, 40, 40));
    image.colRange(48, 96).setTo(new Scalar(200, 180, 160));
    Mat labels = new Mat(72, 96, CvType.CV_8U, new Scalar(0));
    labels.colRange(48, 96).setTo(new Scalar(2));
    labels.row(36).setTo(new Scalar(4));
    return new Sample("frame", image, labels);
  }

  private static Condition condition(String label) {
    return Corruptions.all().stream()
        .filter(c -> c.label().equals(label))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldCoverFiveCorruptionFamiliesAtThreeSeveritiesAndTheCameraChanges() {
    List<Condition> all = Corruptions.all();
    for (String family : Corruptions.CORRUPTION_FAMILIES) {
      assertThat(all)
          .filteredOn(c -> c.family().equals(family))
          .extracting(Condition::severity)
          .as(family)
          .contains(1, 2, 3);
    }
    assertThat(all)
        .filteredOn(c -> c.family().equals(Corruptions.CAMERA))
        .extracting(Condition::name)
        .containsExactly(
            "resolution-0.5x",
            "resolution-2x",
            "resolution-4x",
            "crop-16:9",
            "crop-3:1",
            "upscaled-from-0.5x");
    assertThat(all).extracting(Condition::label).doesNotHaveDuplicates();
  }

  @Test
  void shouldSelectFamiliesByNameAndRefuseAnUnknownOne() {
    assertThat(Corruptions.of(List.of("camera", "noise")))
        .extracting(Condition::family)
        .containsOnly("camera", "noise");
    assertThat(Corruptions.of(List.of())).hasSameSizeAs(Corruptions.all());
    Assertions.assertThatThrownBy(() -> Corruptions.of(List.of("fog")))
        .hasMessage(
            "unknown robustness family 'fog'; choose from noise, blur, digital,"
                + " brightness-contrast, exposure, camera");
  }

  @Test
  void shouldChangeTheImageMoreAtHigherSeverityAndLeaveLabelsAndTheOriginalAlone() {
    for (String name :
        List.of(
            "gaussian-noise",
            "defocus-blur",
            "motion-blur",
            "jpeg",
            "brightness",
            "contrast",
            "over-exposure")) {
      Sample original = sample();
      Mat before = original.image().clone();
      double previous = 0;
      for (int severity = 1; severity <= 3; severity++) {
        Sample changed =
            condition(name + "-" + severity).transform().apply(original, new Random(7));
        double change = ImageDifference.meanAbsolute(changed.image(), original.image());
        assertThat(change)
            .as("%s-%d changes the image more than severity %d", name, severity, severity - 1)
            .isGreaterThan(previous);
        previous = change;
        assertThat(changed.labels()).isSameAs(original.labels());
        assertThat(changed.image().size()).isEqualTo(original.image().size());
      }
      assertThat(ImageDifference.meanAbsolute(original.image(), before))
          .as(name + " left the original alone")
          .isZero();
    }
  }

  @Test
  void shouldDarkenOnlyPartOfTheFrameWithACastShadowTheSameWayForTheSameSeed() {
    Sample original = sample();
    Sample first = condition("cast-shadow-3").transform().apply(original, new Random(11));
    Sample again = condition("cast-shadow-3").transform().apply(original, new Random(11));

    assertThat(ImageDifference.meanAbsolute(first.image(), again.image())).isZero();
    Mat changed = new Mat();
    Core.compare(first.image().reshape(1), original.image().reshape(1), changed, Core.CMP_NE);
    double share = Core.countNonZero(changed) / (double) changed.total();
    assertThat(share).isBetween(0.05, 0.7);
  }

  @Test
  void shouldScaleLabelsWithTheImageByNearestNeighbourForResolutionChanges() {
    Sample changed = condition("resolution-2x").transform().apply(sample(), new Random(1));

    assertThat(changed.image().cols()).isEqualTo(192);
    assertThat(changed.labels().size()).isEqualTo(changed.image().size());
    Mat values = new Mat();
    Core.inRange(changed.labels(), new Scalar(1), new Scalar(1), values);
    assertThat(Core.countNonZero(values))
        .as("no class made up between 0 and 2 by interpolation")
        .isZero();
  }

  @Test
  void shouldCropImageAndLabelsToTheSameWideCentreBand() {
    Sample changed = condition("crop-3:1").transform().apply(sample(), new Random(1));

    assertThat(changed.image().cols()).isEqualTo(96);
    assertThat(changed.image().rows()).isEqualTo(32);
    assertThat(changed.labels().size()).isEqualTo(changed.image().size());
    assertThat(changed.labels().get(36 - 20, 0)[0])
        .as("the pedestrian row moved with the crop")
        .isEqualTo(4);
  }
}
