package dev.scenelabeler.models.net;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The second-generation scene labeler: a MobileNetV2 encoder (Sandler et al., CVPR 2018, width 1.0,
 * without its 1280-wide last layer) whose features at strides 4, 8, 16 and 32 are fused per pixel,
 * coarse to fine, in the spirit of Farabet, Couprie, Najman and LeCun (PAMI 2013): the coarsest
 * scale sees the whole frame and is gated by a global-context attention as in LRASPP (Howard et
 * al., "Searching for MobileNetV3", ICCV 2019), then each finer scale adds its own projected
 * features and a depthwise-separable 3x3 fuses them; class scores are predicted at stride 8 and
 * refined with the stride-4 features.
 *
 * <p>Input: (N, H, W, 3) BGR bytes (any H and W). Output: (N, classes, ceil(H / 4), ceil(W / 4))
 * logits; callers resize the scores once, to the size they need.
 */
public final class MobileFusionNet extends AbstractBlock {

  public static final String NAME = "mobilenetv2-fusion";
  private static final byte VERSION = 1;

  /** MobileNetV2's stages: expansion t, width c, repeats n, first stride s. */
  private static final int[][] STAGES = {
    {1, 16, 1, 1},
    {6, 24, 2, 2},
    {6, 32, 3, 2},
    {6, 64, 4, 2},
    {6, 96, 3, 1},
    {6, 160, 3, 2},
    {6, 320, 1, 1},
  };

  /** Indices of the blocks whose outputs are the stride 4, 8, 16 and 32 features. */
  static final int TAP_4 = 2;

  static final int TAP_8 = 5;
  static final int TAP_16 = 12;
  static final int TAP_32 = 16;
  private static final float HEAD_EPSILON = 1e-5f;

  /**
   * BGR bytes to RGB in -1..1 (the range MobileNetV2 was trained on ImageNet with), as one 3x3
   * matrix product on the channel axis: x * M - 1.
   */
  static final float[] BGR_TO_UNIT_RGB = {
    0, 0, 1 / 127.5f, 0, 1 / 127.5f, 0, 1 / 127.5f, 0, 0,
  };

  private final int numClasses;
  // The layers are package-private for the ONNX export, which writes the same graph as
  // forwardInternal.
  final ConvBn stem;
  private final List<InvertedResidual> blocks = new ArrayList<>();
  final ConvBn head32;
  final Conv2d gate32;
  final ConvBn head16;
  final ConvBn fuse16Depthwise;
  final ConvBn fuse16Pointwise;
  final ConvBn head8;
  final ConvBn fuse8Depthwise;
  final ConvBn fuse8Pointwise;
  final Conv2d classifier8;
  final Conv2d classifier4;

  public MobileFusionNet(int numClasses) {
    super(VERSION);
    this.numClasses = numClasses;
    this.stem = addChildBlock("Conv1", new ConvBn(32, 3, 2, 1, ConvBn.Act.RELU6, 1e-3f));
    int in = 32;
    for (int[] stage : STAGES) {
      for (int i = 0; i < stage[2]; i++) {
        int index = blocks.size();
        InvertedResidual block =
            new InvertedResidual(in, stage[1], stage[0], i == 0 ? stage[3] : 1);
        blocks.add(addChildBlock(index == 0 ? "expanded_conv" : "block_" + index, block));
        in = stage[1];
      }
    }
    this.head32 = addChildBlock("head32", new ConvBn(96, 1, 1, 1, ConvBn.Act.RELU, HEAD_EPSILON));
    this.gate32 =
        addChildBlock(
            "gate32", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(96).build());
    this.head16 = addChildBlock("head16", new ConvBn(96, 1, 1, 1, ConvBn.Act.RELU, HEAD_EPSILON));
    this.fuse16Depthwise =
        addChildBlock("fuse16dw", new ConvBn(96, 3, 1, 96, ConvBn.Act.RELU, HEAD_EPSILON));
    this.fuse16Pointwise =
        addChildBlock("fuse16pw", new ConvBn(64, 1, 1, 1, ConvBn.Act.RELU, HEAD_EPSILON));
    this.head8 = addChildBlock("head8", new ConvBn(64, 1, 1, 1, ConvBn.Act.RELU, HEAD_EPSILON));
    this.fuse8Depthwise =
        addChildBlock("fuse8dw", new ConvBn(64, 3, 1, 64, ConvBn.Act.RELU, HEAD_EPSILON));
    this.fuse8Pointwise =
        addChildBlock("fuse8pw", new ConvBn(64, 1, 1, 1, ConvBn.Act.RELU, HEAD_EPSILON));
    this.classifier8 =
        addChildBlock(
            "classifier8",
            Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numClasses).build());
    this.classifier4 =
        addChildBlock(
            "classifier4",
            Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(numClasses).build());
  }

  public int numClasses() {
    return numClasses;
  }

  /**
   * The encoder's units under their Keras MobileNetV2 layer names (Conv1, expanded_conv_depthwise,
   * block_1_expand, ...), for importing pretrained weights by name.
   */
  public Map<String, ConvBn> encoderUnitsByKerasName() {
    Map<String, ConvBn> units = new LinkedHashMap<>();
    units.put("Conv1", stem);
    for (int i = 0; i < blocks.size(); i++) {
      String prefix = i == 0 ? "expanded_conv" : "block_" + i;
      InvertedResidual b = blocks.get(i);
      if (b.expand() != null) {
        units.put(prefix + "_expand", b.expand());
      }
      units.put(prefix + "_depthwise", b.depthwise());
      units.put(prefix + "_project", b.project());
    }
    return Collections.unmodifiableMap(units);
  }

  /** Keras' name of the batch normalisation that follows a convolution. */
  public static String kerasNormName(String convName) {
    return convName.equals("Conv1") ? "bn_Conv1" : convName + "_BN";
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray image = inputs.singletonOrThrow();
    NDManager manager = image.getManager();
    NDArray x =
        image
            .toType(DataType.FLOAT32, false)
            .matMul(manager.create(BGR_TO_UNIT_RGB, new Shape(3, 3)))
            .sub(1f)
            .transpose(0, 3, 1, 2);
    NDList features = stem.forward(ps, new NDList(x), training);
    NDArray f4 = null;
    NDArray f8 = null;
    NDArray f16 = null;
    for (int i = 0; i < blocks.size(); i++) {
      features = blocks.get(i).forward(ps, features, training);
      switch (i) {
        case TAP_4 -> f4 = features.singletonOrThrow();
        case TAP_8 -> f8 = features.singletonOrThrow();
        case TAP_16 -> f16 = features.singletonOrThrow();
        default -> {}
      }
    }
    NDArray f32 = features.singletonOrThrow();
    NDArray context = f32.mean(new int[] {3}, true).mean(new int[] {2}, true);
    NDArray gate =
        gate32
            .forward(ps, new NDList(context), training)
            .singletonOrThrow()
            .getNDArrayInternal()
            .sigmoid();
    NDArray p32 = one(head32, ps, f32, training).mul(gate);
    NDArray p16 = one(head16, ps, f16, training).add(resizeLike(p32, f16));
    p16 = one(fuse16Pointwise, ps, one(fuse16Depthwise, ps, p16, training), training);
    NDArray p8 = one(head8, ps, f8, training).add(resizeLike(p16, f8));
    p8 = one(fuse8Pointwise, ps, one(fuse8Depthwise, ps, p8, training), training);
    NDArray scores8 = classifier8.forward(ps, new NDList(p8), training).singletonOrThrow();
    NDArray scores4 = classifier4.forward(ps, new NDList(f4), training).singletonOrThrow();
    return new NDList(resizeLike(scores8, f4).add(scores4));
  }

  private static NDArray one(Block block, ParameterStore ps, NDArray x, boolean training) {
    return block.forward(ps, new NDList(x), training).singletonOrThrow();
  }

  private static NDArray resizeLike(NDArray x, NDArray like) {
    Shape s = like.getShape();
    return Preprocessing.resize(x, s.get(2), s.get(3), false);
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {
      new Shape(in.get(0), numClasses, ceilDiv(in.get(1), 4), ceilDiv(in.get(2), 4))
    };
  }

  private static long ceilDiv(long a, long b) {
    return (a + b - 1) / b;
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    Shape[] s = {new Shape(in.get(0), 3, in.get(1), in.get(2))};
    stem.initialize(manager, dataType, s);
    s = stem.getOutputShapes(s);
    Shape[] f4 = null;
    Shape[] f8 = null;
    Shape[] f16 = null;
    for (int i = 0; i < blocks.size(); i++) {
      blocks.get(i).initialize(manager, dataType, s);
      s = blocks.get(i).getOutputShapes(s);
      if (i == TAP_4) {
        f4 = s;
      } else if (i == TAP_8) {
        f8 = s;
      } else if (i == TAP_16) {
        f16 = s;
      }
    }
    head32.initialize(manager, dataType, s);
    gate32.initialize(manager, dataType, new Shape(in.get(0), 320, 1, 1));
    head16.initialize(manager, dataType, f16);
    Shape[] p16 = head16.getOutputShapes(f16);
    fuse16Depthwise.initialize(manager, dataType, p16);
    fuse16Pointwise.initialize(manager, dataType, fuse16Depthwise.getOutputShapes(p16));
    head8.initialize(manager, dataType, f8);
    Shape[] p8 = head8.getOutputShapes(f8);
    fuse8Depthwise.initialize(manager, dataType, p8);
    fuse8Pointwise.initialize(manager, dataType, p8);
    classifier8.initialize(manager, dataType, p8);
    classifier4.initialize(manager, dataType, f4);
  }

  /**
   * Adds {@code offsets[c]} to every score of class c (through the stride-4 classifier's bias, so
   * the ONNX export carries it): the prior correction fitted after training.
   */
  public void addScoreOffsets(float[] offsets) {
    NDArray bias = classifier4.getParameters().get("bias").getArray();
    if (bias.size() != offsets.length) {
      throw new IllegalArgumentException(
          offsets.length + " offsets for " + bias.size() + " classes");
    }
    bias.addi(bias.getManager().create(offsets));
  }

  /** Multiply-accumulates per (height x width) frame: every convolution; the rest is negligible. */
  public long macsPerFrame(long height, long width) {
    long h = ceilDiv(height, 2);
    long w = ceilDiv(width, 2);
    long macs = stem.macs(3, height, width);
    long[][] tapSizes = new long[blocks.size()][];
    for (int i = 0; i < blocks.size(); i++) {
      InvertedResidual b = blocks.get(i);
      macs += b.macs(h, w);
      int s = b.depthwise().stride();
      h = ceilDiv(h, s);
      w = ceilDiv(w, s);
      tapSizes[i] = new long[] {h, w};
    }
    long[] s4 = tapSizes[TAP_4];
    long[] s8 = tapSizes[TAP_8];
    long[] s16 = tapSizes[TAP_16];
    long[] s32 = tapSizes[TAP_32];
    macs += head32.macs(320, s32[0], s32[1]) + 320L * 96;
    macs +=
        head16.macs(96, s16[0], s16[1])
            + fuse16Depthwise.macs(96, s16[0], s16[1])
            + fuse16Pointwise.macs(96, s16[0], s16[1]);
    macs +=
        head8.macs(32, s8[0], s8[1])
            + fuse8Depthwise.macs(64, s8[0], s8[1])
            + fuse8Pointwise.macs(64, s8[0], s8[1]);
    macs += s8[0] * s8[1] * 64L * numClasses + s4[0] * s4[1] * 24L * numClasses;
    return macs;
  }

  /** The inverted residual blocks in order, for the ONNX export. */
  List<InvertedResidual> blocks() {
    return Collections.unmodifiableList(blocks);
  }

  @Override
  protected void saveMetadata(DataOutputStream os) throws IOException {
    super.saveMetadata(os);
    os.writeUTF(NAME);
    os.writeInt(numClasses);
  }

  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is)
      throws IOException, MalformedModelException {
    if (loadVersion != VERSION) {
      throw new MalformedModelException(
          NAME + " parameters have version " + loadVersion + ", this build reads " + VERSION);
    }
    super.loadMetadata(loadVersion, is);
    String savedNetwork = is.readUTF();
    int savedClasses = is.readInt();
    if (!savedNetwork.equals(NAME) || savedClasses != numClasses) {
      throw new MalformedModelException(
          "parameters are for network '"
              + savedNetwork
              + "' with "
              + savedClasses
              + " classes, but the model describes '"
              + NAME
              + "' with "
              + numClasses);
    }
  }
}
