package dev.scenelabeler.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.data.CamVidClasses;
import org.junit.jupiter.api.Test;

class MaskedSoftmaxLossTest {

  private static final float[] EQUAL = {1, 1, 1, 1, 1, 1};

  /** Scores (1, 6, 1, 2): pixel 0 strongly class 2, pixel 1 uniform. */
  private static NDArray scores(NDManager m) {
    float[] s = new float[12];
    s[2 * 2] = 5f; // class 2 at pixel 0 (layout: class-major, 2 pixels per class)
    return m.create(s, new Shape(1, 6, 1, 2));
  }

  private static float loss(NDManager m, float[] weights, int label0, int label1) {
    NDArray labels =
        m.create(new byte[] {(byte) label0, (byte) label1}, new Shape(1, 1, 2))
            .toType(DataType.UINT8, false);
    return new MaskedSoftmaxLoss(weights)
        .evaluate(new NDList(labels), new NDList(scores(m)))
        .getFloat();
  }

  @Test
  void shouldEqualCrossEntropyAveragedOverLabelledPixels() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      double p0 = Math.exp(5) / (Math.exp(5) + 5);
      double expected = (-Math.log(p0) - Math.log(1.0 / 6)) / 2;
      assertThat(loss(m, EQUAL, 2, 0)).isCloseTo((float) expected, offset(1e-5f));
    }
  }

  @Test
  void shouldIgnoreVoidPixelsEntirely() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      double p0 = Math.exp(5) / (Math.exp(5) + 5);
      assertThat(loss(m, EQUAL, 2, LabelSet.VOID)).isCloseTo((float) -Math.log(p0), offset(1e-5f));
    }
  }

  @Test
  void shouldGiveZeroNotNanWhenEveryPixelIsVoid() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      assertThat(loss(m, EQUAL, LabelSet.VOID, LabelSet.VOID)).isEqualTo(0f);
    }
  }

  @Test
  void shouldWeighPixelsByTheirTrueClass() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      float[] heavyZero = {3, 1, 1, 1, 1, 1};
      double p0 = Math.exp(5) / (Math.exp(5) + 5);
      double expected = (-Math.log(p0) * 1 - Math.log(1.0 / 6) * 3) / 4;
      assertThat(loss(m, heavyZero, 2, 0)).isCloseTo((float) expected, offset(1e-5f));
    }
  }

  @Test
  void shouldWeighRareClassesMoreWithEnetWeights() {
    float[] w = MaskedSoftmaxLoss.enetWeights(new double[] {0.3, 0.2, 0.3, 0.1, 0.006, 0.094});
    assertThat(w[4]).isGreaterThan(w[0]).isCloseTo((float) (1 / Math.log(1.026)), offset(1e-3f));
  }

  @Test
  void shouldScoreARiderAsOtherWithTheRidersOwnWeight() {
    try (NDManager m = NDManager.newBaseManager("PyTorch")) {
      // label 6 (a rider) counts as class 5 ("other"), weighted 4; label 2 as itself, weighted 1
      float[] weights = {1, 1, 1, 1, 1, 1, 4};
      int[] classes = CamVidClasses.trainingLabelClasses();
      NDArray labels =
          m.create(new byte[] {2, 6}, new Shape(1, 1, 2)).toType(DataType.UINT8, false);
      float loss =
          new MaskedSoftmaxLoss(weights, classes)
              .evaluate(new NDList(labels), new NDList(scores(m)))
              .getFloat();
      double p0 = Math.exp(5) / (Math.exp(5) + 5);
      double expected = (-Math.log(p0) * 1 - Math.log(1.0 / 6) * 4) / 5;
      assertThat(classes).containsExactly(0, 1, 2, 3, 4, 5, 5);
      assertThat(loss).isCloseTo((float) expected, offset(1e-5f));
    }
  }
}
