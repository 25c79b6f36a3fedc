package dev.scenelabeler.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.net.MultiScaleNet;
import dev.scenelabeler.models.net.Networks;
import dev.scenelabeler.models.net.OnnxExport;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded scene-labeling network on one device. Thread-safe to share; each thread (each Flink
 * subtask) takes its own {@link SceneLabeler} from {@link #newLabeler()}.
 */
public final class SceneModel implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SceneModel.class);
  /** Where the committed default model lives inside the models jar. */
  static final String DEFAULT_RESOURCE_DIR = "/dev/scenelabeler/models/default/";
  /** The first generation's committed model (multiscale-bn), kept as the baseline benchmarks compare with. */
  static final String BASELINE_RESOURCE_DIR = "/dev/scenelabeler/models/baseline-multiscale-bn/";

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

  private SceneModel(Model model, AbstractBlock net, ModelDescriptor descriptor, InferenceEngine engine) {
    this.model = model;
    this.net = net;
    this.descriptor = descriptor;
    this.engine = engine;
  }

  /** ONNX Runtime where the model has an ONNX graph (the second generation), else PyTorch. */
  public static InferenceEngine defaultEngine(ModelDescriptor descriptor) {
    return descriptor.network().secondGeneration() ? InferenceEngine.ONNX_RUNTIME : InferenceEngine.PYTORCH;
  }

  /**
   * The engine a trained model runs on: {@code requested} where one was asked for, else its
   * {@link #defaultEngine}. Every load goes through here, and so does {@link ModelSource#engine}.
   */
  public static InferenceEngine chooseEngine(ModelDescriptor descriptor, InferenceEngine requested) {
    return requested != null ? requested : defaultEngine(descriptor);
  }

  /** The committed default model's model.json. */
  static ModelDescriptor defaultDescriptor() {
    String source = "default model (classpath " + DEFAULT_RESOURCE_DIR + ")";
    try (InputStream json = resource(DEFAULT_RESOURCE_DIR, ModelDescriptor.FILE_NAME, source)) {
      return ModelDescriptor.read(json, source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the " + source + ": " + e.getMessage(), e);
    }
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
    return loadResource(DEFAULT_RESOURCE_DIR, "default model", device, engine);
  }

  /** The first generation's committed model (multiscale-bn, PyTorch engine): the benchmarks' baseline. */
  public static SceneModel loadBaseline(DeviceSpec device) {
    return loadResource(BASELINE_RESOURCE_DIR, "first-generation baseline model", device, InferenceEngine.PYTORCH);
  }

  private static SceneModel loadResource(String dir, String what, DeviceSpec device, InferenceEngine engine) {
    String source = what + " (classpath " + dir + ")";
    try (InputStream json = resource(dir, ModelDescriptor.FILE_NAME, source)) {
      ModelDescriptor descriptor = ModelDescriptor.read(json, source);
      InferenceEngine chosen = chooseEngine(descriptor, engine);
      String file = chosen == InferenceEngine.ONNX_RUNTIME ? ONNX_FILE : descriptor.weights();
      try (InputStream weights = resource(dir, file, source)) {
        return load(descriptor, weights, device, source + " " + file, chosen);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the " + source + ": " + e.getMessage(), e);
    }
  }

  /** A model directory written by {@code ./scene-labeler train} (model.json + weights), on its default engine. */
  public static SceneModel load(Path modelDir, DeviceSpec device) {
    return load(modelDir, device, null);
  }

  /**
   * A model directory on {@code engine} (null: the model's default): ONNX Runtime reads
   * {@value #ONNX_FILE}, PyTorch the DJL parameters.
   *
   * @throws UncheckedIOException naming the missing or unreadable file
   */
  public static SceneModel load(Path modelDir, DeviceSpec device, InferenceEngine engine) {
    Path json = modelDir.resolve(ModelDescriptor.FILE_NAME);
    try {
      if (!Files.isDirectory(modelDir)) {
        throw new NoSuchFileException(modelDir + " (model directory not found)");
      }
      ModelDescriptor descriptor;
      try (InputStream in = Files.newInputStream(json)) {
        descriptor = ModelDescriptor.read(in, json.toString());
      }
      InferenceEngine chosen = chooseEngine(descriptor, engine);
      Path weights = modelDir.resolve(chosen == InferenceEngine.ONNX_RUNTIME ? ONNX_FILE : descriptor.weights());
      try (InputStream in = new BufferedInputStream(Files.newInputStream(weights))) {
        return load(descriptor, in, device, weights.toString(), chosen);
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot load model from " + modelDir + ": missing " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model from " + modelDir + ": " + e.getMessage(), e);
    }
  }

  /** An untrained network with deterministic weights from {@code seed}: for tests of the plumbing. */
  public static SceneModel untrained(String network, long seed, DeviceSpec device) {
    String name = Networks.canonical(network);
    boolean mobile = Networks.isSecondGeneration(name);
    int width = mobile ? 480 : 320;
    int height = mobile ? 360 : 240;
    ModelDescriptor descriptor =
        ModelDescriptor.describe("untrained-" + name, "seed-" + seed, name, LabelSet.SCENE6, width, height, 0, Map.of());
    Model model = newDjlModel(device);
    AbstractBlock net = Networks.create(name, LabelSet.SCENE6.size());
    model.setBlock(net);
    synchronized (SceneModel.class) { // the engine's random seed is global
      Engine.getEngine(InferenceEngine.PYTORCH.djlName()).setRandomSeed((int) seed);
      if (mobile) {
        net.setInitializer(new ai.djl.training.initializer.XavierInitializer(
            ai.djl.training.initializer.XavierInitializer.RandomType.GAUSSIAN,
            ai.djl.training.initializer.XavierInitializer.FactorType.IN, 2), ai.djl.nn.Parameter.Type.WEIGHT);
      }
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, height, width, 3));
    }
    LOG.info("Made untrained {} (seed {}) on the PyTorch engine, {}", name, seed, model.getNDManager().getDevice());
    return new SceneModel(model, net, withParameterCount(descriptor, net), InferenceEngine.PYTORCH);
  }

  private static SceneModel load(ModelDescriptor descriptor, InputStream weights, DeviceSpec device, String source,
      InferenceEngine engine) throws IOException {
    if (engine == InferenceEngine.ONNX_RUNTIME) {
      return loadOnnx(descriptor, weights, device, source);
    }
    Model model = newDjlModel(device);
    AbstractBlock net = createNetwork(descriptor);
    model.setBlock(net);
    try {
      net.loadParameters(model.getNDManager(), new DataInputStream(weights));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(source + " holds no readable weights for network '"
          + descriptor.network().name() + "' labeling " + descriptor.labels().size() + " classes ("
          + descriptor.labels() + "): " + e.getMessage(), e);
    }
    LOG.info("Loaded model {} {} ({}) on the PyTorch engine, {}", descriptor.modelId(), descriptor.modelVersion(),
        descriptor.network().name(), model.getNDManager().getDevice());
    return new SceneModel(model, net, descriptor, InferenceEngine.PYTORCH);
  }

  private static SceneModel loadOnnx(ModelDescriptor descriptor, InputStream onnx, DeviceSpec device, String source)
      throws IOException {
    if (!descriptor.network().secondGeneration()) {
      throw new IOException("network '" + descriptor.network().name() + "' has no ONNX export; use --engine pytorch");
    }
    byte[] graph = onnx.readAllBytes();
    int classes;
    try {
      classes = OnnxExport.declaredClasses(graph);
    } catch (IOException e) {
      throw new IOException(source + " is not a readable ONNX model: " + e.getMessage(), e);
    }
    if (classes != descriptor.labels().size()) {
      throw new IOException(source + " scores " + classes + " classes, but model.json's label set "
          + descriptor.labels() + " has " + descriptor.labels().size());
    }
    Model model = Model.newInstance("scene-labeler", device.resolveOn(InferenceEngine.ONNX_RUNTIME),
        InferenceEngine.ONNX_RUNTIME.djlName());
    try {
      model.load(new java.io.ByteArrayInputStream(graph), Map.of("sessionOptions", OrtSessionOptions.forLabeling()));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(source + " is not a readable ONNX model: " + e.getMessage(), e);
    }
    LOG.info("Loaded model {} {} ({}) on the ONNX Runtime engine, {}", descriptor.modelId(), descriptor.modelVersion(),
        descriptor.network().name(), model.getNDManager().getDevice());
    return new SceneModel(model, createNetwork(descriptor), descriptor, InferenceEngine.ONNX_RUNTIME);
  }

  /** An uninitialised network of the kind the descriptor names. */
  public static AbstractBlock createNetwork(ModelDescriptor descriptor) {
    return descriptor.network().secondGeneration()
        ? Networks.create(descriptor.network().name(), descriptor.labels().size())
        : new MultiScaleNet(descriptor.networkConfig(), descriptor.labels().size());
  }

  private static Model newDjlModel(DeviceSpec device) {
    Device resolved = device.resolve();
    return Model.newInstance("scene-labeler", resolved, InferenceEngine.PYTORCH.djlName());
  }

  private static InputStream resource(String dir, String name, String source) throws IOException {
    InputStream in = SceneModel.class.getResourceAsStream(dir + name);
    if (in == null) {
      throw new NoSuchFileException(source + " lacks " + name + " (was the model committed and the jar built?)");
    }
    return new BufferedInputStream(in);
  }

  private static ModelDescriptor withParameterCount(ModelDescriptor d, AbstractBlock net) {
    return new ModelDescriptor(d.formatVersion(), d.modelId(), d.modelVersion(), d.network(), d.labelSet(),
        d.input(), d.normalisation(), d.weights(), parameterCount(net), d.training());
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

  /** A labeler with its own Predictor at the default working size ({@link WorkingSize#trained()}). */
  public SceneLabeler newLabeler() {
    return newLabeler(WorkingSize.trained());
  }

  /** A labeler with its own Predictor that labels frames at {@code workingSize}; not thread-safe, close it when done. */
  public SceneLabeler newLabeler(WorkingSize workingSize) {
    int width = descriptor.input().width();
    int height = descriptor.input().height();
    ai.djl.inference.Predictor<FrameGroup, java.util.List<SceneMask>> predictor = engine == InferenceEngine.ONNX_RUNTIME
        ? model.newPredictor(new OnnxFramesTranslator(descriptor.labels().size()))
        : model.newPredictor(new SceneTranslator());
    SceneLabeler labeler = new SceneLabeler(predictor, info(), workingSize);
    labeler.warmUp(width, height);
    return labeler;
  }

  public InferenceEngine engine() {
    return engine;
  }

  /**
   * Writes the ONNX graph of this model's network (second generation only, PyTorch engine: the
   * weights must be loaded) to {@code file}.
   */
  public void exportOnnx(Path file) throws IOException {
    if (!(net instanceof MobileFusionNet mobile) || engine != InferenceEngine.PYTORCH) {
      throw new IllegalStateException("only a " + MobileFusionNet.NAME + " loaded on the PyTorch engine can be exported");
    }
    writeOnnx(mobile, descriptor, file);
  }

  private static void writeOnnx(MobileFusionNet net, ModelDescriptor descriptor, Path file) throws IOException {
    byte[] bytes = dev.scenelabeler.models.net.OnnxExport.export(net,
        descriptor.modelId() + " " + descriptor.modelVersion() + " (" + descriptor.network().name() + ")");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /**
   * The bare network: (N, H, W, 3) BGR bytes in, (N, classes, H, W) scores out, no translator.
   * For benchmarks that separate the network's cost from pre- and post-processing.
   */
  public ai.djl.inference.Predictor<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList> newRawPredictor() {
    return model.newPredictor(new ai.djl.translate.NoopTranslator());
  }

  /** The network itself (a {@link MultiScaleNet} or a {@link MobileFusionNet}). */
  public AbstractBlock network() {
    return net;
  }

  /** Multiply-accumulates of one forward pass at (height x width). */
  public long macsPerFrame(long height, long width) {
    return Networks.macsPerFrame(net, descriptor.labels().size(), height, width);
  }

  /** Writes the model as {@link #save(Path)} does, with one more entry in model.json's training summary. */
  public void save(Path dir, String trainingKey, Object trainingValue) throws IOException {
    java.util.Map<String, Object> training = new java.util.LinkedHashMap<>(
        descriptor.training() == null ? Map.of() : descriptor.training());
    training.put(trainingKey, trainingValue);
    ModelDescriptor d = descriptor;
    save(net, new ModelDescriptor(d.formatVersion(), d.modelId(), d.modelVersion(), d.network(), d.labelSet(),
        d.input(), d.normalisation(), d.weights(), d.parameterCount() > 0 ? d.parameterCount() : parameterCount(net),
        training), dir);
  }

  /** Writes model.json and the weights into {@code dir}, replacing what was there. */
  public void save(Path dir) throws IOException {
    ModelDescriptor d = descriptor.parameterCount() > 0 ? descriptor : withParameterCount(descriptor, net);
    save(net, d, dir);
  }

  /** Writes a network's weights and its descriptor; the weights file is replaced atomically. */
  public static void save(Block net, ModelDescriptor descriptor, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(descriptor.weights() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
      net.saveParameters(data);
    }
    Files.move(tmp, dir.resolve(descriptor.weights()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    if (net instanceof MobileFusionNet mobile) { // the inference graph travels with the parameters
      writeOnnx(mobile, descriptor, dir.resolve(ONNX_FILE));
    }
    descriptor.write(dir);
  }

  @Override
  public void close() {
    model.close();
  }
}
