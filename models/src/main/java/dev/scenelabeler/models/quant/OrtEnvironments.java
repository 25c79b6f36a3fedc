package dev.scenelabeler.models.quant;

import ai.djl.engine.Engine;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import java.nio.ByteBuffer;

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

  /** A frame as the graphs' {@code image} input: (1, height, width, 3) uint8, BGR. */
  public static OnnxTensor image(OrtEnvironment env, byte[] bgr, int width, int height)
      throws OrtException {
    return OnnxTensor.createTensor(
        env, ByteBuffer.wrap(bgr), new long[] {1, height, width, 3}, OnnxJavaType.UINT8);
  }
}
