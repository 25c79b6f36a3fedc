package dev.scenelabeler.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * ONNX Runtime session settings for labeling. Intra-op threads do not spin-wait for work ({@code
 * session.intra_op.allow_spinning=0}): in a pipeline the labeler shares the cores with decoding,
 * Kafka clients and the publisher, and spinning threads take CPU from them (and back from each
 * other). Measured on this 2-core machine, same model, one run each alternating: with a thread busy
 * half the time beside the labeler, 37.2/31.5 frames/s spinning against 43.6/39.0 not spinning;
 * alone, 56.0/53.0 against 50.9/53.5 in one run and 55.9/55.6 against 52.8/51.3 in another (about
 * 6% slower alone, the price of not stealing CPU in a pipeline).
 */
final class OrtSessionOptions {

  private OrtSessionOptions() {}

  static OrtSession.SessionOptions forLabeling() {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      options.addConfigEntry("session.intra_op.allow_spinning", "0");
      return options;
    } catch (OrtException e) {
      throw new IllegalStateException(
          "cannot set ONNX Runtime session options: " + e.getMessage(), e);
    }
  }
}
