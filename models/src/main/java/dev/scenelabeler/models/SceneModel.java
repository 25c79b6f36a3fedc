package dev.scenelabeler.models;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scenelabeler.models.net.MultiScaleNet;
import dev.scenelabeler.models.net.NetworkConfig;
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

  private final Model model;
  private final MultiScaleNet net;
  private final ModelDescriptor descriptor;

  private SceneModel(Model model, MultiScaleNet net, ModelDescriptor descriptor) {
    this.model = model;
    this.net = net;
    this.descriptor = descriptor;
  }

  /** The committed default model shipped inside the models jar. */
  public static SceneModel loadDefault(DeviceSpec device) {
    String source = "default model (classpath " + DEFAULT_RESOURCE_DIR + ")";
    try (InputStream json = resource(ModelDescriptor.FILE_NAME, source);
        InputStream weights = resource(ModelDescriptor.WEIGHTS_FILE, source)) {
      return load(ModelDescriptor.read(json, source), weights, device, source);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load the " + source + ": " + e.getMessage(), e);
    }
  }

  /** A model directory written by {@code ./scene-labeler train} (model.json + weights). */
  public static SceneModel load(Path modelDir, DeviceSpec device) {
    Path json = modelDir.resolve(ModelDescriptor.FILE_NAME);
    try {
      if (!Files.isDirectory(modelDir)) {
        throw new NoSuchFileException(modelDir + " (model directory not found)");
      }
      ModelDescriptor descriptor;
      try (InputStream in = Files.newInputStream(json)) {
        descriptor = ModelDescriptor.read(in, json.toString());
      }
      Path weights = modelDir.resolve(descriptor.weights());
      try (InputStream in = new BufferedInputStream(Files.newInputStream(weights))) {
        return load(descriptor, in, device, weights.toString());
      }
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException("cannot load model from " + modelDir + ": missing " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot load model from " + modelDir + ": " + e.getMessage(), e);
    }
  }

  /** An untrained network with deterministic weights from {@code seed}: for tests of the plumbing. */
  public static SceneModel untrained(String network, long seed, DeviceSpec device) {
    NetworkConfig config = NetworkConfig.named(network);
    ModelDescriptor descriptor =
        ModelDescriptor.describe("untrained-" + config.name(), "seed-" + seed, config, 320, 240, 0, Map.of());
    Model model = newDjlModel(device);
    MultiScaleNet net = new MultiScaleNet(config, LabelSet.NUM_CLASSES);
    model.setBlock(net);
    synchronized (SceneModel.class) { // the engine's random seed is global
      Engine.getEngine("PyTorch").setRandomSeed((int) seed);
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 240, 320, 3));
    }
    return new SceneModel(model, net, withParameterCount(descriptor, net));
  }

  private static SceneModel load(ModelDescriptor descriptor, InputStream weights, DeviceSpec device, String source)
      throws IOException {
    Model model = newDjlModel(device);
    MultiScaleNet net = new MultiScaleNet(descriptor.networkConfig(), LabelSet.NUM_CLASSES);
    model.setBlock(net);
    try {
      net.loadParameters(model.getNDManager(), new DataInputStream(weights));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(source + " holds no readable weights for network '"
          + descriptor.network().name() + "': " + e.getMessage(), e);
    }
    LOG.info("Loaded model {} {} ({}) on {}", descriptor.modelId(), descriptor.modelVersion(),
        descriptor.network().name(), model.getNDManager().getDevice());
    return new SceneModel(model, net, descriptor);
  }

  private static Model newDjlModel(DeviceSpec device) {
    Device resolved = device.resolve();
    return Model.newInstance("scene-labeler", resolved, "PyTorch");
  }

  private static InputStream resource(String name, String source) throws IOException {
    InputStream in = SceneModel.class.getResourceAsStream(DEFAULT_RESOURCE_DIR + name);
    if (in == null) {
      throw new NoSuchFileException(source + " lacks " + name + " (was the model committed and the jar built?)");
    }
    return new BufferedInputStream(in);
  }

  private static ModelDescriptor withParameterCount(ModelDescriptor d, MultiScaleNet net) {
    return new ModelDescriptor(d.formatVersion(), d.modelId(), d.modelVersion(), d.network(), d.labelSet(),
        d.input(), d.normalisation(), d.weights(), parameterCount(net), d.training());
  }

  /** Learned parameters, each shared trunk weight counted once. */
  public static long parameterCount(MultiScaleNet net) {
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

  /** A labeler with its own Predictor; not thread-safe, close it when done. */
  public SceneLabeler newLabeler() {
    SceneTranslator translator = new SceneTranslator(descriptor.input().width(), descriptor.input().height());
    return new SceneLabeler(model.newPredictor(translator), info());
  }

  /**
   * The bare network: (N, H, W, 3) BGR bytes in, (N, classes, H, W) scores out, no translator.
   * For benchmarks that separate the network's cost from pre- and post-processing.
   */
  public ai.djl.inference.Predictor<ai.djl.ndarray.NDList, ai.djl.ndarray.NDList> newRawPredictor() {
    return model.newPredictor(new ai.djl.translate.NoopTranslator());
  }

  public NetworkConfig networkConfig() {
    return net.config();
  }

  /** Writes model.json and the weights into {@code dir}, replacing what was there. */
  public void save(Path dir) throws IOException {
    ModelDescriptor d = descriptor.parameterCount() > 0 ? descriptor : withParameterCount(descriptor, net);
    save(net, d, dir);
  }

  /** Writes a network's weights and its descriptor; the weights file is replaced atomically. */
  public static void save(MultiScaleNet net, ModelDescriptor descriptor, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(descriptor.weights() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out))) {
      net.saveParameters(data);
    }
    Files.move(tmp, dir.resolve(descriptor.weights()), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    descriptor.write(dir);
  }

  @Override
  public void close() {
    model.close();
  }
}
