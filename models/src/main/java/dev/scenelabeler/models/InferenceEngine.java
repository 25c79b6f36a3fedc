package dev.scenelabeler.models;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which DJL engine runs inference. ONNX Runtime runs the exported graph ({@code model.onnx}, batch
 * norm folded): 2-5x faster than libtorch on CPU for depthwise networks (MODEL.md), and the
 * default wherever the model has an ONNX graph; PyTorch runs the DJL blocks themselves (the first
 * generation, which has no export, and training).
 */
public enum InferenceEngine {
  ONNX_RUNTIME("onnxruntime", "OnnxRuntime"),
  PYTORCH("pytorch", "PyTorch");

  private final String cliName;
  private final String djlName;

  InferenceEngine(String cliName, String djlName) {
    this.cliName = cliName;
    this.djlName = djlName;
  }

  /** The name DJL's Engine registry knows. */
  public String djlName() {
    return djlName;
  }

  /** onnxruntime or pytorch (case-insensitive); IllegalArgumentException naming both otherwise. */
  public static InferenceEngine parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values()).filter(e -> e.cliName.equals(key)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown engine '" + text + "'; known: onnxruntime, pytorch"));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
