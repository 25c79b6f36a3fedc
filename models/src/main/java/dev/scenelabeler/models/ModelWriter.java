package dev.scenelabeler.models;

import ai.djl.nn.Block;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.net.OnnxExport;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a model directory: the weights, the ONNX graph of a second-generation network, model.json.
 */
final class ModelWriter {

  private ModelWriter() {}

  /** Writes a network's weights and its descriptor; the weights file is replaced atomically. */
  static void save(Block net, ModelDescriptor descriptor, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path tmp = dir.resolve(descriptor.weights() + ".tmp");
    try (OutputStream out = Files.newOutputStream(tmp);
        DataOutputStream data = new DataOutputStream(new BufferedOutputStream(out))) {
      net.saveParameters(data);
    }
    Files.move(
        tmp,
        dir.resolve(descriptor.weights()),
        StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
    if (net instanceof MobileFusionNet mobile) { // the inference graph travels with the parameters
      writeOnnx(mobile, descriptor, dir.resolve(SceneModel.ONNX_FILE));
    }
    descriptor.write(dir);
  }

  /**
   * The ONNX graph of {@code net}, written to a temporary file first so readers never see half of
   * it.
   */
  static void writeOnnx(MobileFusionNet net, ModelDescriptor descriptor, Path file)
      throws IOException {
    byte[] bytes =
        OnnxExport.export(
            net,
            descriptor.modelId()
                + " "
                + descriptor.modelVersion()
                + " ("
                + descriptor.network().name()
                + ")");
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.write(tmp, bytes);
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
