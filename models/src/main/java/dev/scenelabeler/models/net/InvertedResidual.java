package dev.scenelabeler.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * MobileNetV2's inverted residual (Sandler et al., CVPR 2018): 1x1 expansion by {@code t} with
 * ReLU6 (absent when t = 1), 3x3 depthwise with ReLU6 at {@code stride}, linear 1x1 projection; the
 * input is added back when the stride is 1 and the width unchanged. Input (N, in, H, W); output (N,
 * out, ceil(H / stride), ceil(W / stride)).
 */
public final class InvertedResidual extends AbstractBlock {

  private final int in;
  private final int out;
  private final ConvBn expand;
  private final ConvBn depthwise;
  private final ConvBn project;

  public InvertedResidual(int in, int out, int expansion, int stride) {
    super((byte) 1);
    this.in = in;
    this.out = out;
    int hidden = in * expansion;
    this.expand =
        expansion == 1 ? null : addChildBlock("expand", ConvBn.pointwise(hidden, ConvBn.Act.RELU6));
    this.depthwise = addChildBlock("depthwise", ConvBn.depthwise(hidden, stride));
    this.project = addChildBlock("project", ConvBn.pointwise(out, ConvBn.Act.NONE));
  }

  /** The expansion unit, or null where the expansion factor is 1. */
  public ConvBn expand() {
    return expand;
  }

  public ConvBn depthwise() {
    return depthwise;
  }

  public ConvBn project() {
    return project;
  }

  public int in() {
    return in;
  }

  public int out() {
    return out;
  }

  public boolean residual() {
    return depthwise.stride() == 1 && in == out;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDList x = expand == null ? inputs : expand.forward(ps, inputs, training);
    x = depthwise.forward(ps, x, training);
    NDArray y = project.forward(ps, x, training).singletonOrThrow();
    return new NDList(residual() ? y.add(inputs.singletonOrThrow()) : y);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape[] s = expand == null ? inputShapes : expand.getOutputShapes(inputShapes);
    return project.getOutputShapes(depthwise.getOutputShapes(s));
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape[] s = inputShapes;
    if (expand != null) {
      expand.initialize(manager, dataType, s);
      s = expand.getOutputShapes(s);
    }
    depthwise.initialize(manager, dataType, s);
    project.initialize(manager, dataType, depthwise.getOutputShapes(s));
  }

  public long macs(long height, long width) {
    int hidden = expand == null ? in : expand.filters();
    long macs = expand == null ? 0 : expand.macs(in, height, width);
    macs += depthwise.macs(hidden, height, width);
    int s = depthwise.stride();
    return macs + project.macs(hidden, (height + s - 1) / s, (width + s - 1) / s);
  }
}
