package dev.scenelabeler.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class ConfusionMatrixTest {

  /**
   * Worked by hand, 3 classes, rows truth, columns prediction: [[5, 1, 0], [2, 3, 1], [0, 0, 4]]
   * total 16, correct 12 -> pixel acc 0.75; class acc 5/6, 3/6, 4/4; IoU0 = 5/(6+7-5) = 5/8, IoU1 =
   * 3/(6+4-3) = 3/7, IoU2 = 4/(4+5-4) = 4/5.
   */
  private static final long[][] HAND = {{5, 1, 0}, {2, 3, 1}, {0, 0, 4}};

  @Test
  void shouldDeriveAccuracyAndIouFromAHandComputedMatrix() {
    ConfusionMatrix m = ConfusionMatrix.of(HAND, 3);
    assertThat(m.pixelAccuracy()).isEqualTo(0.75);
    assertThat(m.classAccuracy(0)).isCloseTo(5.0 / 6, offset(1e-12));
    assertThat(m.classAccuracy(1)).isCloseTo(0.5, offset(1e-12));
    assertThat(m.classAccuracy(2)).isEqualTo(1.0);
    assertThat(m.iou(0)).isCloseTo(5.0 / 8, offset(1e-12));
    assertThat(m.iou(1)).isCloseTo(3.0 / 7, offset(1e-12));
    assertThat(m.iou(2)).isCloseTo(4.0 / 5, offset(1e-12));
    assertThat(m.meanIou(3)).isCloseTo((5.0 / 8 + 3.0 / 7 + 4.0 / 5) / 3, offset(1e-12));
    assertThat(m.meanIou(2)).isCloseTo((5.0 / 8 + 3.0 / 7) / 2, offset(1e-12));
  }

  @Test
  void shouldCountPixelsIntoTheMatrixAndIgnoreVoidTruth() {
    ConfusionMatrix m = new ConfusionMatrix(3, 3);
    byte v = (byte) 255;
    m.add(new byte[] {0, 0, 1, 2, v, v}, new byte[] {0, 1, 1, 0, 2, 0});
    assertThat(m.counts()).isEqualTo(new long[][] {{1, 1, 0}, {0, 1, 0}, {1, 0, 0}});
    assertThat(m.total()).isEqualTo(4);
  }

  @Test
  void shouldSkipClassesThatNeitherOccurNorArePredictedInTheMean() {
    ConfusionMatrix m = ConfusionMatrix.of(new long[][] {{4, 0, 0}, {0, 0, 0}, {0, 0, 4}}, 3);
    assertThat(m.iou(1)).isNaN();
    assertThat(m.meanIou(3)).isEqualTo(1.0);
  }

  @Test
  void shouldRefuseMapsOfDifferentSizesAndOutOfRangePredictions() {
    ConfusionMatrix m = new ConfusionMatrix(3, 3);
    assertThatThrownBy(() -> m.add(new byte[3], new byte[4]))
        .hasMessageContaining("3 pixels, prediction 4");
    assertThatThrownBy(() -> m.add(new byte[] {0}, new byte[] {7}))
        .hasMessageContaining("predicted class 7");
  }

  @Test
  void shouldSumMatrices() {
    ConfusionMatrix m = ConfusionMatrix.of(HAND, 3);
    m.add(ConfusionMatrix.of(HAND, 3));
    assertThat(m.count(1, 0)).isEqualTo(4);
    assertThat(m.pixelAccuracy()).isEqualTo(0.75);
  }

  @Test
  void shouldAverageOnlyTheNamedClassesInTheNamedMean() {
    ConfusionMatrix m = ConfusionMatrix.of(HAND, 2);
    assertThat(m.meanIouNamed()).isCloseTo((5.0 / 8 + 3.0 / 7) / 2, offset(1e-12));
    assertThat(m.meanIouAll()).isCloseTo((5.0 / 8 + 3.0 / 7 + 4.0 / 5) / 3, offset(1e-12));
  }

  @Test
  void shouldRefuseToAddMatricesOfDifferentClassCounts() {
    assertThatThrownBy(() -> ConfusionMatrix.of(HAND, 3).add(new ConfusionMatrix(2, 2)))
        .hasMessageContaining("2-class matrix to a 3-class one");
  }
}
