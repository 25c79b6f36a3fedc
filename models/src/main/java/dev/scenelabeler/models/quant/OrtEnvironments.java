package dev.scenelabeler.models.quant;

import ai.djl.engine.Engine;
import ai.onnxruntime.OrtEnvironment;

/** The JVM's one ONNX Runtime environment, for code that runs ONNX Runtime without DJL. */
public final class OrtEnvironments {

  private OrtEnvironments() {}

  /**
   * The environment, made by DJL's ONNX Runtime engine first: DJL creates it with its own thread
   * pool settings and refuses to start if plain ONNX Runtime code (calibration, the int8
   * self-check) made it before.
   */
  public static OrtEnvironment shared() {
    Engine.getEngine("OnnxRuntime");
    return OrtEnvironment.getEnvironment();
  }
}
