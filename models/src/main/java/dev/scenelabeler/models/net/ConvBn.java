package dev.scenelabeler.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A square convolution without bias, batch normalisation, then an optional activation: the unit
 * MobileNetV2 is made of (Sandler et al., CVPR 2018). Input (N, in, H, W); output (N, filters,
 * ceil(H / stride), ceil(W / stride)) with "same" padding of kernel / 2. {@link OnnxExport} folds
 * the normalisation into the convolution.
 */
public final class ConvBn extends AbstractBlock {

  /** What follows the normalisation. */
  public enum Act {
    NONE,
    RELU,
    RELU6
  }

  private final int filters;
  private final int kernel;
  private final int stride;
  private final int groups;
  private final Act act;
  private final float epsilon;
  private final Conv2d conv;
  private final BatchNorm norm;

  /**
   * @param groups 1 for a full convolution, the input channel count for a depthwise one
   * @param epsilon added to the variance; Keras' MobileNetV2 uses 1e-3, which the imported weights
   *     expect
   */
  public ConvBn(int filters, int kernel, int stride, int groups, Act act, float epsilon) {
    super((byte) 1);
    this.filters = filters;
    this.kernel = kernel;
    this.stride = stride;
    this.groups = groups;
    this.act = act;
    this.epsilon = epsilon;
    this.conv =
        addChildBlock(
            "conv",
            Conv2d.builder()
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(kernel / 2, kernel / 2))
                .optGroups(groups)
                .optBias(false)
                .setFilters(filters)
                .build());
    this.norm = addChildBlock("bn", BatchNorm.builder().optEpsilon(epsilon).build());
  }

  public static ConvBn pointwise(int filters, Act act) {
    return new ConvBn(filters, 1, 1, 1, act, 1e-3f);
  }

  public static ConvBn depthwise(int channels, int stride) {
    return new ConvBn(channels, 3, stride, channels, Act.RELU6, 1e-3f);
  }

  public Conv2d conv() {
    return conv;
  }

  public BatchNorm norm() {
    return norm;
  }

  public int filters() {
    return filters;
  }

  public int kernel() {
    return kernel;
  }

  public int stride() {
    return stride;
  }

  public int groups() {
    return groups;
  }

  public Act act() {
    return act;
  }

  public float epsilon() {
    return epsilon;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = conv.forward(ps, inputs, training);
    NDArray y = norm.forward(ps, x, training).singletonOrThrow();
    return new NDList(activate(y, act));
  }

  static NDArray activate(NDArray y, Act act) {
    return switch (act) {
      case NONE -> y;
      case RELU -> y.maximum(0f);
      case RELU6 -> y.clip(0f, 6f);
    };
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    return conv.getOutputShapes(inputShapes);
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    conv.initialize(manager, dataType, inputShapes);
    norm.initialize(manager, dataType, conv.getOutputShapes(inputShapes));
  }

  /** Multiply-accumulates for one (H, W) input with {@code in} channels. */
  public long macs(int in, long height, long width) {
    long outH = (height + stride - 1) / stride;
    long outW = (width + stride - 1) / stride;
    return outH * outW * (long) filters * (in / groups) * kernel * kernel;
  }
}
