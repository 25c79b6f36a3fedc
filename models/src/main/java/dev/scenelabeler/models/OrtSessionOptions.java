package dev.scenelabeler.models;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/** ONNX Runtime session settings for labeling (experiment). */
final class OrtSessionOptions {

  private OrtSessionOptions() {}

  static OrtSession.SessionOptions forLabeling() {
    try {
      OrtSession.SessionOptions options = new OrtSession.SessionOptions();
      String spinning = System.getProperty("scenelabeler.ort.spinning");
      if (spinning != null) {
        options.addConfigEntry("session.intra_op.allow_spinning", spinning);
      }
      String threads = System.getProperty("scenelabeler.ort.threads");
      if (threads != null) {
        options.setIntraOpNumThreads(Integer.parseInt(threads));
      }
      return options;
    } catch (OrtException e) {
      throw new IllegalStateException("cannot set ONNX Runtime session options: " + e.getMessage(), e);
    }
  }
}
