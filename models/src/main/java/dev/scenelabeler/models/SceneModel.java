package dev.scenelabeler.models;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.translate.NoopTranslator;
import dev.scenelabeler.models.net.ActivationRanges;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.net.MultiScaleNet;
import dev.scenelabeler.models.net.Networks;
import dev.scenelabeler.models.net.OnnxExport;
import dev.scenelabeler.models.quant.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded scene-labeling network on one device. Thread-safe to share; each thread (each Flink
 * subtask) takes its own {@link SceneLabeler} from {@link #newLabeler()}.
 */
public final class SceneModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SceneModel.class);

  static {
    // DJL's TorchScript graph optimizer slowed this project's inference 1.3-1.7x (MODEL.md); off
    // unless the user asked for it. Read when the PyTorch engine first runs a model.
    if (System.getProperty("ai.djl.pytorch.graph_optimizer") == null) {
      System.setProperty("ai.djl.pytorch.graph_optimizer", "false");
    }
  }

  /** The ONNX graph of a second-generation model, beside model.json. */
  public static final String ONNX_FILE = "model.onnx";

  private final Model model;
  private final AbstractBlock net;
  private final ModelDescriptor descriptor;
  private final InferenceEngine engine;
  private Precision precision = Precision.FP32;

  SceneModel(Model model, AbstractBlock net, ModelDescriptor descriptor, InferenceEngine engine) {
    this.model = model;
    this.net = net;
    this.descriptor = descriptor;
    this.engine = engine;
  }

  /** ONNX Runtime where the model has an ONNX graph (the second generation), else PyTorch. */
  public static InferenceEngine defaultEngine(ModelDescriptor descriptor) {
    return descriptor.network().secondGeneration()
        ? InferenceEngine.ONNX_RUNTIME
        : InferenceEngine.PYTORCH;
  }

  /**
   * The engine a trained model runs on: {@code requested} where one was asked for, else its {@link
   * #defaultEngine}. Every load goes through here, and so does {@link ModelSource#engine}.
   */
  public static InferenceEngine chooseEngine(
      ModelDescriptor descriptor, InferenceEngine requested) {
    return requested != null ? requested : defaultEngine(descriptor);
  }

  /** The committed default model shipped inside the models jar, on its default engine. */
  public static SceneModel loadDefault(DeviceSpec device) {
    return loadDefault(device, null);
  }

  /**
   * The committed default model on {@code engine} (null: the model's default engine).
   *
   * @throws UncheckedIOException when the jar lacks the model or a file is unreadable
   */
  public static SceneModel loadDefault(DeviceSpec device, InferenceEngine engine) {
    return loadDefault(device, engine, Precision.FP32);
  }

  /** As above, in {@code precision} where the engine is ONNX Runtime ({@link Precision}). */
  public static SceneModel loadDefault(
      DeviceSpec device, InferenceEngine engine, Precision precision) {
    return CommittedModels.load(
        CommittedModels.DEFAULT_RESOURCE_DIR, "default model", device, engine, precision);
  }

  /**
   * The first generation's committed model (multiscale-bn, PyTorch engine): the benchmarks'
   * baseline.
   */
  public static SceneModel loadBaseline(DeviceSpec device) {
    return CommittedModels.load(
        CommittedModels.BASELINE_RESOURCE_DIR,
        "first-generation baseline model",
        device,
        InferenceEngine.PYTORCH,
        Precision.FP32);
  }

  /**
   * A model directory written by {@code ./scene-labeler train} (model.json + weights), on its
   * default engine.
   */
  public static SceneModel load(Path modelDir, DeviceSpec device) {
    return load(modelDir, device, null);
  }

  /**
   * A model directory on {@code engine} (null: the model's default): ONNX Runtime reads {@value
   * #ONNX_FILE}, PyTorch the DJL parameters.
   *
   * @throws UncheckedIOException naming the missing or unreadable file
   */
  public static SceneModel load(Path modelDir, DeviceSpec device, InferenceEngine engine) {
    return load(modelDir, device, engine, Precision.FP32);
  }

  /** As above, in {@code precision} where the engine is ONNX Runtime ({@link Precision}). */
  public static SceneModel load(
      Path modelDir, DeviceSpec device, InferenceEngine engine, Precision precision) {
    return ModelLoading.fromDirectory(modelDir, device, engine, precision);
  }

  /**
   * An untrained network with deterministic weights from {@code seed}: for tests of the plumbing.
   */
  public static SceneModel untrained(String network, long seed, DeviceSpec device) {
    String name = Networks.canonical(network);
    boolean mobile = Networks.isSecondGeneration(name);
    int width = mobile ? 480 : 320;
    int height = mobile ? 360 : 240;
    ModelDescriptor descriptor =
        ModelDescriptor.describe(
            "untrained-" + name, "seed-" + seed, name, LabelSet.SCENE6, width, height, 0, Map.of());
    Model model = ModelLoading.newDjlModel(device);
    AbstractBlock net = Networks.create(name, LabelSet.SCENE6.size());
    model.setBlock(net);
    synchronized (SceneModel.class) { // the engine's random seed is global
      Engine.getEngine(InferenceEngine.PYTORCH.djlName()).setRandomSeed((int) seed);
      if (mobile) {
        net.setInitializer(
            new XavierInitializer(
                XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2),
            Parameter.Type.WEIGHT);
      }
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, height, width, 3));
    }
    LOG.info(
        "Made untrained {} (seed {}) on the PyTorch engine, {}",
        name,
        seed,
        model.getNDManager().getDevice());
    return new SceneModel(model, net, withParameterCount(descriptor, net), InferenceEngine.PYTORCH);
  }

  /** An uninitialised network of the kind the descriptor names. */
  public static AbstractBlock createNetwork(ModelDescriptor descriptor) {
    return descriptor.network().secondGeneration()
        ? Networks.create(descriptor.network().name(), descriptor.labels().size())
        : new MultiScaleNet(descriptor.networkConfig(), descriptor.labels().size());
  }

  private static ModelDescriptor withParameterCount(ModelDescriptor d, AbstractBlock net) {
    return d.withParameterCount(parameterCount(net));
  }

  /** Learned parameters, each shared trunk weight counted once. */
  public static long parameterCount(Block net) {
    return net.getParameters().values().stream()
        .filter(p -> p.requiresGradient())
        .mapToLong(p -> p.getArray().getShape().size())
        .sum();
  }

  public ModelInfo info() {
    return descriptor.toInfo();
  }

  public ModelDescriptor descriptor() {
    return descriptor;
  }

  public Device device() {
    return model.getNDManager().getDevice();
  }

  /**
   * A labeler with its own Predictor at the default working size ({@link WorkingSize#trained()}).
   */
  public SceneLabeler newLabeler() {
    return newLabeler(WorkingSize.trained());
  }

  /**
   * A labeler with its own Predictor that labels frames at {@code workingSize}; not thread-safe,
   * close it when done.
   */
  public SceneLabeler newLabeler(WorkingSize workingSize) {
    int width = descriptor.input().width();
    int height = descriptor.input().height();
    Predictor<FrameGroup, List<SceneMask>> predictor =
        engine == InferenceEngine.ONNX_RUNTIME
            ? model.newPredictor(new OnnxFramesTranslator(descriptor.labels().size()))
            : model.newPredictor(new SceneTranslator());
    SceneLabeler labeler =
        new SceneLabeler(
            predictor, () -> model.newPredictor(new FrameScoresTranslator()), info(), workingSize);
    labeler.warmUp(width, height);
    return labeler;
  }

  /** fp32, or int8 where the int8 graph was loaded ({@link Precision}). */
  public Precision precision() {
    return precision;
  }

  SceneModel withPrecision(Precision loaded) {
    this.precision = loaded;
    return this;
  }

  public InferenceEngine engine() {
    return engine;
  }

  /**
   * Writes the ONNX graph of this model's network (second generation only, PyTorch engine: the
   * weights must be loaded) to {@code file}.
   */
  public void exportOnnx(Path file) throws IOException {
    ModelWriter.writeOnnx(mobileNet(), descriptor, file);
  }

  /**
   * The fp32 graph with each activation the int8 graph quantizes as an extra output ({@code
   * act_i}), for calibration; second generation on the PyTorch engine only, as {@link #exportOnnx}.
   */
  public byte[] probedOnnx() {
    return OnnxExport.exportProbed(mobileNet());
  }

  /** The QDQ int8 graph of this model's weights with the calibrated {@code ranges}. */
  public byte[] int8Onnx(ActivationRanges ranges) {
    return OnnxExport.exportInt8(
        mobileNet(),
        descriptor.modelId() + " " + descriptor.modelVersion() + " (int8 QDQ)",
        ranges);
  }

  private MobileFusionNet mobileNet() {
    if (!(net instanceof MobileFusionNet mobile) || engine != InferenceEngine.PYTORCH) {
      throw new IllegalStateException(
          "only a " + MobileFusionNet.NAME + " loaded on the PyTorch engine can be exported");
    }
    return mobile;
  }

  /**
   * The bare network: (N, H, W, 3) BGR bytes in, (N, classes, H, W) scores out, no translator. For
   * benchmarks that separate the network's cost from pre- and post-processing.
   */
  public Predictor<NDList, NDList> newRawPredictor() {
    return model.newPredictor(new NoopTranslator());
  }

  /** The network itself (a {@link MultiScaleNet} or a {@link MobileFusionNet}). */
  public AbstractBlock network() {
    return net;
  }

  /** Multiply-accumulates of one forward pass at (height x width). */
  public long macsPerFrame(long height, long width) {
    return Networks.macsPerFrame(net, descriptor.labels().size(), height, width);
  }

  /**
   * Writes the model as {@link #save(Path)} does, with one more entry in model.json's training
   * summary.
   */
  public void save(Path dir, String trainingKey, Object trainingValue) throws IOException {
    Map<String, Object> training =
        new LinkedHashMap<>(descriptor.training() == null ? Map.of() : descriptor.training());
    training.put(trainingKey, trainingValue);
    ModelDescriptor d =
        descriptor.parameterCount() > 0 ? descriptor : withParameterCount(descriptor, net);
    save(net, d.withTraining(training), dir);
  }

  /** Writes model.json and the weights into {@code dir}, replacing what was there. */
  public void save(Path dir) throws IOException {
    ModelDescriptor d =
        descriptor.parameterCount() > 0 ? descriptor : withParameterCount(descriptor, net);
    save(net, d, dir);
  }

  /** Writes a network's weights and its descriptor; the weights file is replaced atomically. */
  public static void save(Block net, ModelDescriptor descriptor, Path dir) throws IOException {
    ModelWriter.save(net, descriptor, dir);
  }

  @Override
  public void close() {
    model.close();
  }
}
