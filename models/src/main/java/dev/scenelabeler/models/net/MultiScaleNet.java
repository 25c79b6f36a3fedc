package dev.scenelabeler.models.net;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * Multi-scale scene-labeling network (Farabet et al. 2013). Input: (N, H, W, 3) BGR bytes. The
 * image becomes YUV, a pyramid at full, 1/2 and 1/4 scale, each level contrast-normalised; ONE
 * trunk (shared weights) turns every level into 256 feature maps; the coarse levels are upsampled
 * to the finest level's feature size and concatenated (768 per location); a per-pixel classifier
 * gives class scores, upsampled to the input size. Output: (N, classes, H, W) logits.
 */
public final class MultiScaleNet extends AbstractBlock {

  private static final byte VERSION = 1;

  private final NetworkConfig config;
  private final int numClasses;
  private final Block trunk;
  private final Block classifier;

  public MultiScaleNet(NetworkConfig config, int numClasses) {
    super(VERSION);
    this.config = config;
    this.numClasses = numClasses;
    this.trunk = addChildBlock("trunk", buildTrunk(config));
    this.classifier = addChildBlock("classifier", buildClassifier(config, numClasses));
  }

  public NetworkConfig config() {
    return config;
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
    NDArray image = inputs.singletonOrThrow();
    long inputHeight = image.getShape().get(1);
    long inputWidth = image.getShape().get(2);
    // Sides are padded (zeros, after colour conversion) up to the multiple the pyramid and
    // poolings divide evenly, and the scores cropped back, so any size works (e.g. 480x360).
    long height = roundUp(inputHeight);
    long width = roundUp(inputWidth);
    NDArray yuv = padTo(Preprocessing.bgrToYuv(image), height, width);

    long featureHeight = height / 4;
    long featureWidth = width / 4;
    NDList perScale = new NDList(config.pyramidLevels());
    for (int level = 0; level < config.pyramidLevels(); level++) {
      long factor = 1L << level;
      NDArray scaled =
          level == 0 ? yuv : Preprocessing.resize(yuv, height / factor, width / factor, true);
      NDArray normalized = Preprocessing.localContrastNormalize(scaled, config.contrastWindow());
      NDArray features = trunk.forward(ps, new NDList(normalized), training).singletonOrThrow();
      perScale.add(
          level == 0
              ? features
              : Preprocessing.resize(features, featureHeight, featureWidth, false));
    }
    NDArray concatenated = NDArrays.concat(perScale, 1);
    NDArray scores = classifier.forward(ps, new NDList(concatenated), training).singletonOrThrow();
    NDArray full = Preprocessing.resize(scores, height, width, false);
    boolean padded = height != inputHeight || width != inputWidth;
    return new NDList(
        padded ? full.get(new NDIndex(":, :, :{}, :{}", inputHeight, inputWidth)) : full);
  }

  private long roundUp(long side) {
    int multiple = config.sizeMultiple();
    return (side + multiple - 1) / multiple * multiple;
  }

  private static NDArray padTo(NDArray nchw, long height, long width) {
    Shape s = nchw.getShape();
    NDArray out = nchw;
    if (width > s.get(3)) {
      out =
          out.concat(
              out.getManager().zeros(new Shape(s.get(0), s.get(1), s.get(2), width - s.get(3))), 3);
    }
    if (height > s.get(2)) {
      out =
          out.concat(
              out.getManager().zeros(new Shape(s.get(0), s.get(1), height - s.get(2), width)), 2);
    }
    return out;
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    Shape in = inputShapes[0];
    return new Shape[] {new Shape(in.get(0), numClasses, in.get(1), in.get(2))};
  }

  @Override
  protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
    Shape in = inputShapes[0];
    long height = roundUp(in.get(1));
    long width = roundUp(in.get(2));
    trunk.initialize(manager, dataType, new Shape(in.get(0), 3, height, width));
    classifier.initialize(
        manager,
        dataType,
        new Shape(in.get(0), config.concatenatedFeatures(), height / 4, width / 4));
  }

  @Override
  protected void saveMetadata(DataOutputStream os) throws IOException {
    super.saveMetadata(os);
    os.writeUTF(config.name());
    os.writeInt(numClasses);
  }

  @Override
  public void loadMetadata(byte loadVersion, DataInputStream is)
      throws IOException, MalformedModelException {
    if (loadVersion != VERSION) {
      throw new MalformedModelException(
          "multi-scale network parameters have version "
              + loadVersion
              + ", this build reads "
              + VERSION);
    }
    super.loadMetadata(loadVersion, is);
    String savedNetwork = is.readUTF();
    int savedClasses = is.readInt();
    if (!savedNetwork.equals(config.name()) || savedClasses != numClasses) {
      throw new MalformedModelException(
          "parameters are for network '"
              + savedNetwork
              + "' with "
              + savedClasses
              + " classes, but the model describes '"
              + config.name()
              + "' with "
              + numClasses);
    }
  }

  private static Block buildTrunk(NetworkConfig config) {
    int[] channels = config.trunkChannels();
    Shape kernel = new Shape(config.kernelSize(), config.kernelSize());
    Shape padding = new Shape(config.kernelSize() / 2, config.kernelSize() / 2);
    SequentialBlock trunk = new SequentialBlock();
    for (int stage = 0; stage < channels.length; stage++) {
      boolean last = stage == channels.length - 1;
      trunk.add(
          Conv2d.builder()
              .setKernelShape(kernel)
              .optPadding(padding)
              .setFilters(channels[stage])
              .build());
      if (config.batchNorm()) {
        trunk.add(BatchNorm.builder().build());
      }
      // The paper's last stage is a plain filter bank; the batch-norm variant keeps a nonlinearity.
      if (!last || config.batchNorm()) {
        trunk.add(activation(config));
      }
      if (!last) {
        trunk.add(Pool.maxPool2dBlock(new Shape(2, 2), new Shape(2, 2)));
      }
    }
    return trunk;
  }

  private static Block buildClassifier(NetworkConfig config, int numClasses) {
    Shape pointwise = new Shape(1, 1);
    SequentialBlock classifier = new SequentialBlock();
    if (config.classifierHidden() > 0) {
      classifier.add(
          Conv2d.builder().setKernelShape(pointwise).setFilters(config.classifierHidden()).build());
      if (config.batchNorm()) {
        classifier.add(BatchNorm.builder().build());
      }
      classifier.add(activation(config));
    }
    classifier.add(Conv2d.builder().setKernelShape(pointwise).setFilters(numClasses).build());
    return classifier;
  }

  private static Block activation(NetworkConfig config) {
    return config.activation() == NetworkConfig.Activation.TANH
        ? Activation.tanhBlock()
        : Activation.reluBlock();
  }

  /** Multiply-accumulates per frame of the given size (convolutions; the rest is negligible). */
  public static long macsPerFrame(NetworkConfig config, int numClasses, long height, long width) {
    int[] channels = config.trunkChannels();
    long k2 = (long) config.kernelSize() * config.kernelSize();
    long macs = 0;
    for (int level = 0; level < config.pyramidLevels(); level++) {
      long h = height >> level;
      long w = width >> level;
      int in = 3;
      for (int stage = 0; stage < channels.length; stage++) {
        macs += h * w * k2 * in * channels[stage];
        in = channels[stage];
        if (stage < channels.length - 1) {
          h /= 2;
          w /= 2;
        }
      }
    }
    long features = (height / 4) * (width / 4);
    int hidden = config.classifierHidden();
    macs +=
        hidden > 0
            ? features
                * ((long) config.concatenatedFeatures() * hidden + (long) hidden * numClasses)
            : features * (long) config.concatenatedFeatures() * numClasses;
    return macs;
  }
}
