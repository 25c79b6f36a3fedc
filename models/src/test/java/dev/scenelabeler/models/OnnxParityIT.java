package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.data.CamVidSplit;
import org.junit.jupiter.api.Test;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * The committed model's masks on ONNX Runtime (the exported graph, batch norm folded) equal its
 * masks on the PyTorch engine (the DJL blocks) on at least 99.5% of the pixels of val frames.
 */
class OnnxParityIT {

  @Test
  void shouldGiveTheSameMasksOnOnnxRuntimeAsOnPytorchForValFrames() {
    assertSameMasksOnBothEngines(1, 1);
  }

  /**
   * Frames 3x larger than the working size: scaled down to 480x360, scores resized up in Java on
   * both engines.
   */
  @Test
  void shouldGiveTheSameMasksOnBothEnginesForFramesAboveTheWorkingSize() {
    assertSameMasksOnBothEngines(3, 3);
  }

  private static void assertSameMasksOnBothEngines(int widthFactor, int heightFactor) {
    CamVidSplit frames = CamVidSplit.read(CamVid.dirOrSkip(), "val", 10);
    long same = 0;
    long total = 0;
    try (SceneModel onnx = SceneModel.loadDefault(DeviceSpec.cpu(), InferenceEngine.ONNX_RUNTIME);
        SceneModel pytorch = SceneModel.loadDefault(DeviceSpec.cpu(), InferenceEngine.PYTORCH);
        SceneLabeler fast = onnx.newLabeler();
        SceneLabeler reference = pytorch.newLabeler()) {
      for (CamVidSplit.Sample sample : frames.samples()) {
        Mat image = sample.image();
        if (widthFactor != 1 || heightFactor != 1) {
          image = new Mat();
          Imgproc.resize(
              sample.image(),
              image,
              new Size(sample.image().cols() * widthFactor, sample.image().rows() * heightFactor),
              0,
              0,
              Imgproc.INTER_CUBIC);
        }
        byte[] a = fast.label(image).classes();
        byte[] b = reference.label(image).classes();
        assertThat(a).hasSize((int) image.total());
        for (int i = 0; i < a.length; i++) {
          if (a[i] == b[i]) {
            same++;
          }
        }
        total += a.length;
      }
    }
    System.out.printf(
        "ONNX Runtime vs PyTorch on %d val frames scaled %dx%d: %.4f%% of pixels with the same"
            + " class%n",
        frames.size(), widthFactor, heightFactor, 100.0 * same / total);
    assertThat(frames.size()).isGreaterThan(5);
    assertThat((double) same / total)
        .as("share of pixels with the same class")
        .isGreaterThanOrEqualTo(0.995);
  }
}
