package dev.scenelabeler.models;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.AbstractBlock;
import dev.scenelabeler.models.net.OnnxExport;
import dev.scenelabeler.models.quant.CpuFeatures;
import dev.scenelabeler.models.quant.Int8Selection;
import dev.scenelabeler.models.quant.Precision;
import dev.scenelabeler.models.quant.ReferenceFrames;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a trained model onto an engine: DJL parameters for PyTorch, the ONNX graph for ONNX
 * Runtime.
 */
final class ModelLoading {

  // Logged under SceneModel, as before the loading moved here, so existing log settings still
  // apply.
  private static final Logger LOG = LoggerFactory.getLogger(SceneModel.class);

  private ModelLoading() {}

  /**
   * A model directory on {@code engine} (null: the model's default).
   *
   * @throws UncheckedIOException naming the missing or unreadable file
   */
  static SceneModel fromDirectory(
      Path modelDir, DeviceSpec device, InferenceEngine engine, Precision precision) {
    Path json = modelDir.resolve(ModelDescriptor.FILE_NAME);
    try {
      if (!Files.isDirectory(modelDir)) {
        throw new NoSuchFileException(modelDir + " (model directory not found)");
      }
      ModelDescriptor descriptor;
      try (InputStream in = Files.newInputStream(json)) {
        descriptor = ModelDescriptor.read(in, json.toString());
      }
      InferenceEngine chosen = SceneModel.chooseEngine(descriptor, engine);
      return load(
          descriptor,
          name -> new BufferedInputStream(Files.newInputStream(modelDir.resolve(name))),
          device,
          modelDir + "/",
          chosen,
          precision);
    } catch (NoSuchFileException e) {
      throw new UncheckedIOException(
          "cannot load model from " + modelDir + ": missing " + e.getFile(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot load model from " + modelDir + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model {@code descriptor} describes from its {@code files}: the DJL parameters on PyTorch;
   * on ONNX Runtime the graph {@link Int8Selection} picks for {@code precision}.
   *
   * @param source what names a file in messages, followed by the file's name
   */
  static SceneModel load(
      ModelDescriptor descriptor,
      ReferenceFrames.ModelFiles files,
      DeviceSpec device,
      String source,
      InferenceEngine engine,
      Precision precision)
      throws IOException {
    if (engine != InferenceEngine.ONNX_RUNTIME) {
      try (InputStream weights = files.open(descriptor.weights())) {
        return loadPyTorch(descriptor, weights, device, source + descriptor.weights());
      }
    }
    Int8Selection.Choice choice =
        Int8Selection.choose(
            precision,
            files,
            device.resolveOn(InferenceEngine.ONNX_RUNTIME).isGpu(),
            CpuFeatures.ofThisMachine());
    SceneModel model;
    if (choice.graph() != null) {
      model =
          loadOnnx(
              descriptor,
              new ByteArrayInputStream(choice.graph()),
              device,
              source + Int8Selection.INT8_FILE);
      LOG.info("{}", choice.reason());
    } else {
      try (InputStream graph = files.open(SceneModel.ONNX_FILE)) {
        model = loadOnnx(descriptor, graph, device, source + SceneModel.ONNX_FILE);
      }
    }
    return model.withPrecision(choice.precision());
  }

  /**
   * The model {@code descriptor} describes on PyTorch, its DJL parameters read from {@code
   * weights}.
   */
  private static SceneModel loadPyTorch(
      ModelDescriptor descriptor, InputStream weights, DeviceSpec device, String source)
      throws IOException {
    Model model = newDjlModel(device);
    AbstractBlock net = SceneModel.createNetwork(descriptor);
    model.setBlock(net);
    try {
      net.loadParameters(model.getNDManager(), new DataInputStream(weights));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(
          source
              + " holds no readable weights for network '"
              + descriptor.network().name()
              + "' labeling "
              + descriptor.labels().size()
              + " classes ("
              + descriptor.labels()
              + "): "
              + e.getMessage(),
          e);
    }
    LOG.info(
        "Loaded model {} {} ({}) on the PyTorch engine, {}",
        descriptor.modelId(),
        descriptor.modelVersion(),
        descriptor.network().name(),
        model.getNDManager().getDevice());
    return new SceneModel(model, net, descriptor, InferenceEngine.PYTORCH);
  }

  private static SceneModel loadOnnx(
      ModelDescriptor descriptor, InputStream onnx, DeviceSpec device, String source)
      throws IOException {
    if (!descriptor.network().secondGeneration()) {
      throw new IOException(
          "network '" + descriptor.network().name() + "' has no ONNX export; use --engine pytorch");
    }
    byte[] graph = onnx.readAllBytes();
    int classes;
    try {
      classes = OnnxExport.declaredClasses(graph);
    } catch (IOException e) {
      throw new IOException(source + " is not a readable ONNX model: " + e.getMessage(), e);
    }
    if (classes != descriptor.labels().size()) {
      throw new IOException(
          source
              + " scores "
              + classes
              + " classes, but model.json's label set "
              + descriptor.labels()
              + " has "
              + descriptor.labels().size());
    }
    Model model =
        Model.newInstance(
            "scene-labeler",
            device.resolveOn(InferenceEngine.ONNX_RUNTIME),
            InferenceEngine.ONNX_RUNTIME.djlName());
    try {
      model.load(
          new ByteArrayInputStream(graph),
          Map.of("sessionOptions", OrtSessionOptions.forLabeling()));
    } catch (MalformedModelException | IOException | RuntimeException e) {
      model.close();
      throw new IOException(source + " is not a readable ONNX model: " + e.getMessage(), e);
    }
    LOG.info(
        "Loaded model {} {} ({}) on the ONNX Runtime engine, {}",
        descriptor.modelId(),
        descriptor.modelVersion(),
        descriptor.network().name(),
        model.getNDManager().getDevice());
    return new SceneModel(
        model, SceneModel.createNetwork(descriptor), descriptor, InferenceEngine.ONNX_RUNTIME);
  }

  /** An empty DJL model on the PyTorch engine, on the device {@code device} resolves to. */
  static Model newDjlModel(DeviceSpec device) {
    return Model.newInstance("scene-labeler", device.resolve(), InferenceEngine.PYTORCH.djlName());
  }
}
