package dev.scenelabeler.models;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import java.util.Arrays;
import java.util.Locale;

/**
 * Which DJL engine runs inference. ONNX Runtime runs the exported graph ({@code model.onnx}, batch
 * norm folded): 2-5x faster than libtorch on CPU for depthwise networks (MODEL.md), and the default
 * wherever the model has an ONNX graph; PyTorch runs the DJL blocks themselves (the first
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

  /**
   * GPUs this engine can label on in this process. ONNX Runtime sees GPUs only with its CUDA build
   * ({@code onnxruntime_gpu}); without it the answer is 0 at once, since DJL's own count would try
   * the CUDA provider and log a warning on every model load.
   */
  public int gpuCount() {
    if (this == ONNX_RUNTIME
        && !OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA)) {
      return 0;
    }
    return Engine.getEngine(djlName).getGpuCount();
  }

  /** onnxruntime or pytorch (case-insensitive); IllegalArgumentException naming both otherwise. */
  public static InferenceEngine parse(String text) {
    String key = text.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(e -> e.cliName.equals(key))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown engine '" + text + "'; known: onnxruntime, pytorch"));
  }

  @Override
  public String toString() {
    return cliName;
  }
}
