package dev.scenelabeler.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.loss.Loss;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Per-pixel softmax cross-entropy with class weights, ignoring void pixels (DJL's softmax loss has
 * no ignore label). The loss is the weighted mean over labelled pixels, so a batch full of void
 * contributes nothing rather than dividing by zero.
 */
public final class MaskedSoftmaxLoss extends Loss {

  private final float[] labelWeights;
  private final long[] labelClasses;

  /**
   * @param classWeights one weight per class; their number is the class count, labels at or above
   *     it are void
   */
  public MaskedSoftmaxLoss(float[] classWeights) {
    this(classWeights, IntStream.range(0, classWeights.length).toArray());
  }

  /**
   * Labels that are not classes: each label value has its own weight and counts as the class {@code
   * labelClasses[value]} (e.g. a bicyclist, weighed on its own, is the class "other").
   *
   * @param labelWeights one weight per label value; values at or above their number are void
   * @param labelClasses the class of each label value, as many as the weights
   */
  public MaskedSoftmaxLoss(float[] labelWeights, int[] labelClasses) {
    super("MaskedSoftmaxLoss");
    if (labelWeights.length == 0 || labelWeights.length != labelClasses.length) {
      throw new IllegalArgumentException(
          "need one class per label weight, got "
              + labelWeights.length
              + " weights and "
              + labelClasses.length
              + " classes");
    }
    this.labelWeights = labelWeights.clone();
    this.labelClasses = Arrays.stream(labelClasses).asLongStream().toArray();
  }

  /**
   * ENet's weighting, 1 / ln(1.02 + p) (Paszke et al., "ENet", 2016, section 4), with p each
   * class's share of labelled pixels: rare classes (pedestrians, 0.6% of pixels) weigh more, up to
   * 1 / ln(1.02) = 50.5.
   */
  public static float[] enetWeights(double[] frequencies) {
    return enetWeights(frequencies, 1.02);
  }

  /** 1 / ln(c + p); a larger c bounds the largest weight at 1 / ln(c). */
  public static float[] enetWeights(double[] frequencies, double c) {
    float[] weights = new float[frequencies.length];
    for (int k = 0; k < weights.length; k++) {
      weights[k] = (float) (1.0 / Math.log(c + frequencies[k]));
    }
    return weights;
  }

  /**
   * @param labels (N, H, W) class indices; any value >= the class count (void = 255) is ignored
   * @param predictions (N, classes, H, W) scores (logits)
   * @return a scalar: the weighted mean negative log-likelihood over labelled pixels
   */
  @Override
  public NDArray evaluate(NDList labels, NDList predictions) {
    NDArray scores = predictions.singletonOrThrow();
    NDArray target = labels.singletonOrThrow().toType(DataType.INT64, false);
    NDArray valid = target.lt(labelWeights.length);
    NDArray safeTarget = target.mul(valid.toType(DataType.INT64, false));
    NDArray targetClass = scores.getManager().create(labelClasses).take(safeTarget);
    NDArray logProbabilities = scores.logSoftmax(1).gather(targetClass.expandDims(1), 1).squeeze(1);
    NDArray weights =
        scores
            .getManager()
            .create(labelWeights)
            .take(safeTarget)
            .mul(valid.toType(DataType.FLOAT32, false));
    NDArray total = weights.sum().maximum(1e-6f);
    return logProbabilities.mul(weights).sum().neg().div(total);
  }
}
