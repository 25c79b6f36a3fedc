package dev.scenelabeler.models.quant;

import ai.onnxruntime.OrtException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which graph the ONNX Runtime labeler loads for a requested {@link Precision}: fp32, or the int8
 * graph where the CPU has int8 dot products and the graph passes its {@link Int8SelfCheck} here.
 * {@code auto} falls back to fp32 with one warning per reason and JVM; {@code int8} fails instead.
 */
public final class Int8Selection {

  /** The int8 graph beside {@code model.onnx}. */
  public static final String INT8_FILE = "model-int8.onnx";

  private static final Logger LOG = LoggerFactory.getLogger(Int8Selection.class);
  private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

  private Int8Selection() {}

  /**
   * What was chosen.
   *
   * @param graph the ONNX graph to load; null means the fp32 graph
   * @param precision fp32 or int8
   * @param reason why, for the log line
   */
  public record Choice(byte[] graph, Precision precision, String reason) {
    static Choice fp32(String reason) {
      return new Choice(null, Precision.FP32, reason);
    }
  }

  /**
   * @param gpu whether the model runs on a GPU
   * @throws IOException for {@code int8} where the int8 graph cannot be used, saying why
   */
  public static Choice choose(
      Precision requested, ReferenceFrames.ModelFiles files, boolean gpu, CpuFeatures cpu)
      throws IOException {
    if (requested == Precision.FP32) {
      return Choice.fp32("fp32 requested");
    }
    boolean insist = requested == Precision.INT8;
    if (gpu) {
      return refuse(insist, "int8 is for CPU workers; on a GPU the labeler keeps fp32");
    }
    if (!cpu.hasInt8DotProduct()) {
      return refuse(
          insist,
          "the CPU ("
              + cpu.modelName()
              + ") has no int8 dot-product instructions (AVX-512 VNNI, AVX-VNNI or AMX); fp32 is"
              + " faster there");
    }
    byte[] graph;
    List<ReferenceFrame> references;
    try {
      try (InputStream in = files.open(INT8_FILE)) {
        graph = in.readAllBytes();
      }
      references = ReferenceFrames.read(files);
    } catch (NoSuchFileException e) {
      return refuse(
          insist,
          "the model has no int8 graph: "
              + e.getFile()
              + " (./scene-labeler quantize makes it from the weights)");
    }
    double agreement;
    try {
      agreement = Int8SelfCheck.agreement(graph, references);
    } catch (OrtException | RuntimeException e) {
      return refuse(
          insist,
          "the int8 graph does not run on this CPU (" + cpu.modelName() + "): " + e.getMessage());
    }
    String measured =
        String.format(
            Locale.ROOT,
            "%.2f%% of %d reference frames' pixels labeled as fp32 did, on %s",
            100 * agreement,
            references.size(),
            cpu.modelName());
    if (!(agreement >= Int8SelfCheck.MIN_AGREEMENT)) {
      return refuse(
          insist,
          "the int8 graph failed its self-check: "
              + measured
              + " (at least "
              + (int) (100 * Int8SelfCheck.MIN_AGREEMENT)
              + "% needed)");
    }
    return new Choice(graph, Precision.INT8, "int8 self-check passed: " + measured);
  }

  private static Choice refuse(boolean insist, String why) throws IOException {
    if (insist) {
      throw new IOException("--precision int8: " + why);
    }
    if (WARNED.add(why)) {
      LOG.warn("--precision auto runs fp32: {}", why);
    }
    return Choice.fp32(why);
  }
}
