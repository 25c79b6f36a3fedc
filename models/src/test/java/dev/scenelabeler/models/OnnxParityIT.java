package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.data.CamVidSplit;
import org.junit.jupiter.api.Test;

/**
 * The committed model's masks on ONNX Runtime (the exported graph, batch norm folded) equal its
 * masks on the PyTorch engine (the DJL blocks) on at least 99.5% of the pixels of val frames.
 */
class OnnxParityIT {

  @Test
  void shouldGiveTheSameMasksOnOnnxRuntimeAsOnPytorchForValFrames() {
    CamVidSplit frames = CamVidSplit.read(CamVid.dirOrSkip(), "val", 10);
    long same = 0;
    long total = 0;
    try (SceneModel onnx = SceneModel.loadDefault(DeviceSpec.cpu(), InferenceEngine.ONNX_RUNTIME);
        SceneModel pytorch = SceneModel.loadDefault(DeviceSpec.cpu(), InferenceEngine.PYTORCH);
        SceneLabeler fast = onnx.newLabeler();
        SceneLabeler reference = pytorch.newLabeler()) {
      for (CamVidSplit.Sample sample : frames.samples()) {
        byte[] a = fast.label(sample.image()).classes();
        byte[] b = reference.label(sample.image()).classes();
        for (int i = 0; i < a.length; i++) {
          if (a[i] == b[i]) {
            same++;
          }
        }
        total += a.length;
      }
    }
    System.out.printf("ONNX Runtime vs PyTorch on %d val frames: %.4f%% of pixels with the same class%n",
        frames.size(), 100.0 * same / total);
    assertThat(frames.size()).isGreaterThan(5);
    assertThat((double) same / total).as("share of pixels with the same class").isGreaterThanOrEqualTo(0.995);
  }
}
