package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

/**
 * The exported ONNX graph on ONNX Runtime against the DJL blocks on PyTorch, for a
 * mobilenetv2-fusion whose batch normalisations hold non-trivial statistics (so folding them into
 * the convolutions is exercised), and the ONNX Runtime path's handling of bad input.
 */
class OnnxRuntimeLabelerTest {

  @TempDir static Path modelDir;
  private static SceneModel pytorch;
  private static SceneModel onnx;
  private static SceneLabeler onPytorch;
  private static SceneLabeler onOnnx;

  @BeforeAll
  static void exportAnUntrainedNetworkWithRandomNormalisation() throws Exception {
    OpenCv.load();
    try (SceneModel untrained = SceneModel.untrained("mobilenetv2-fusion", 7, DeviceSpec.cpu())) {
      Random random = new Random(7);
      for (var p : untrained.network().getParameters()) {
        String name = p.getKey();
        NDArray array = p.getValue().getArray();
        if (name.endsWith("runningVar") || name.endsWith("gamma")) {
          array.set(randoms(random, (int) array.size(), 0.5f, 1.5f));
        } else if (name.endsWith("runningMean") || name.endsWith("beta")) {
          array.set(randoms(random, (int) array.size(), -0.3f, 0.3f));
        }
      }
      untrained.save(modelDir);
    }
    pytorch = SceneModel.load(modelDir, DeviceSpec.cpu(), InferenceEngine.PYTORCH);
    onnx = SceneModel.load(modelDir, DeviceSpec.cpu());
    onPytorch = pytorch.newLabeler();
    onOnnx = onnx.newLabeler();
  }

  private static float[] randoms(Random random, int n, float low, float high) {
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = low + (high - low) * random.nextFloat();
    }
    return v;
  }

  @AfterAll
  static void close() {
    onPytorch.close();
    onOnnx.close();
    pytorch.close();
    onnx.close();
  }

  @Test
  void shouldRunOnOnnxRuntimeByDefaultForTheSecondGeneration() {
    assertThat(onnx.engine()).isEqualTo(InferenceEngine.ONNX_RUNTIME);
    assertThat(Files.exists(modelDir.resolve(SceneModel.ONNX_FILE))).isTrue();
  }

  @Test
  void shouldGiveTheSameScoresAsTheDjlBlocksWithBatchNormFolded() throws Exception {
    Mat frame = TestImages.street(96, 72, 3);
    byte[] pixels = new byte[96 * 72 * 3];
    frame.get(0, 0, pixels);
    try (NDManager manager = NDManager.newBaseManager("PyTorch");
        Predictor<NDList, NDList> pt = pytorch.newRawPredictor();
        Predictor<NDList, NDList> ort = onnx.newRawPredictor();
        NDManager ortManager = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray ptInput =
          manager.create(ByteBuffer.wrap(pixels), new Shape(1, 72, 96, 3), DataType.UINT8);
      float[] expected = pt.predict(new NDList(ptInput)).head().toFloatArray();
      NDArray ortInput =
          ortManager.create(ByteBuffer.wrap(pixels), new Shape(1, 72, 96, 3), DataType.UINT8);
      ortInput.setName("image");
      NDList outputs = ort.predict(new NDList(ortInput));
      float[] actual = outputs.get("scores").toFloatArray();
      assertThat(outputs.get("scores").getShape()).isEqualTo(new Shape(1, 6, 18, 24));
      assertThat(actual).hasSameSizeAs(expected);
      float scale = 0;
      for (float v : expected) {
        scale = Math.max(scale, Math.abs(v));
      }
      for (int i = 0; i < expected.length; i++) {
        assertThat(actual[i])
            .as("score %d", i)
            .isCloseTo(expected[i], Offset.offset(1e-4f * scale + 1e-5f));
      }
    }
  }

  @ParameterizedTest(name = "{0}x{1}, {2} channel(s)")
  @CsvSource({
    "480, 360, 3",
    "320, 240, 3",
    "479, 361, 3",
    "1, 1, 3",
    "640, 480, 1",
    "200, 100, 4",
    "1280, 720, 3",
    "3, 2, 3",
    "1, 200, 3"
  })
  void shouldGiveMasksOfTheFrameSizeThatAgreeWithThePytorchEngine(
      int width, int height, int channels) {
    Mat frame = TestImages.street(width, height, channels);
    SceneMask expected = onPytorch.label(frame);
    SceneMask actual = onOnnx.label(frame);
    assertThat(actual.width()).isEqualTo(width);
    assertThat(actual.height()).isEqualTo(height);
    if (width * height
        >= 100) { // both engines label at the same working size and resize the scores alike
      assertThat(agreement(expected, actual)).isGreaterThanOrEqualTo(0.995);
    }
    assertThat(actual.meanConfidence()).isCloseTo(expected.meanConfidence(), Offset.offset(1e-3f));
  }

  @Test
  void shouldResizeScoresInJavaAsTheGraphResizesThemToItsLabels() throws Exception {
    // The graph's 'labels' (its own bilinear Resize + ArgMax) and Java's ScoreResize of its
    // 'scores' to the same size: frames not at the working size take the second path.
    Mat frame = TestImages.street(200, 152, 3);
    byte[] pixels = new byte[200 * 152 * 3];
    frame.get(0, 0, pixels);
    try (Predictor<NDList, NDList> ort = onnx.newRawPredictor();
        NDManager ortManager = NDManager.newBaseManager("OnnxRuntime")) {
      NDArray input =
          ortManager.create(ByteBuffer.wrap(pixels), new Shape(1, 152, 200, 3), DataType.UINT8);
      input.setName("image");
      NDList outputs = ort.predict(new NDList(input));
      byte[] graphLabels = outputs.get("labels").toByteArray();
      NDArray scores = outputs.get("scores");
      byte[] javaLabels =
          ScoreResize.argMaxResized(
              scores.toFloatArray(),
              0,
              6,
              (int) scores.getShape().get(3),
              (int) scores.getShape().get(2),
              200,
              152);
      int same = 0;
      for (int i = 0; i < graphLabels.length; i++) {
        same += graphLabels[i] == javaLabels[i] ? 1 : 0;
      }
      assertThat(same / (double) graphLabels.length).isGreaterThan(0.999);
    }
  }

  @Test
  void shouldLabelABatchOfMixedSizesAsOneByOne() {
    List<Mat> frames =
        List.of(
            TestImages.street(480, 360, 3),
            TestImages.street(160, 120, 3),
            TestImages.street(480, 360, 3),
            TestImages.street(1280, 720, 3),
            TestImages.street(33, 200, 1),
            TestImages.street(640, 360, 3));
    List<SceneMask> batch = onOnnx.labelBatch(frames);
    for (int i = 0; i < frames.size(); i++) {
      assertThat(batch.get(i)).isEqualTo(onOnnx.label(frames.get(i)));
    }
  }

  @Test
  void shouldRefuseEmptyAndSixteenBitImagesOnOnnxRuntime() {
    assertThatThrownBy(() -> onOnnx.label(new Mat()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("empty");
    Mat deep = new Mat(10, 10, CvType.CV_16UC3);
    assertThatThrownBy(() -> onOnnx.label(deep))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8-bit");
  }

  @Test
  void shouldNameTheMissingOnnxFile(@TempDir Path dir) throws Exception {
    copyModel(dir);
    Files.delete(dir.resolve(SceneModel.ONNX_FILE));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("missing")
        .hasMessageContaining("model.onnx");
  }

  @Test
  void shouldRefuseATruncatedOnnxFile(@TempDir Path dir) throws Exception {
    copyModel(dir);
    Path file = dir.resolve(SceneModel.ONNX_FILE);
    byte[] bytes = Files.readAllBytes(file);
    Files.write(file, Arrays.copyOf(bytes, bytes.length / 3));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("model.onnx")
        .hasMessageContaining("not a readable ONNX model");
  }

  private static void copyModel(Path dir) throws Exception {
    try (var files = Files.list(modelDir)) {
      for (Path f : files.toList()) {
        Files.copy(f, dir.resolve(f.getFileName()));
      }
    }
  }

  static double agreement(SceneMask a, SceneMask b) {
    byte[] x = a.classes();
    byte[] y = b.classes();
    long same = 0;
    for (int i = 0; i < x.length; i++) {
      if (x[i] == y[i]) {
        same++;
      }
    }
    return (double) same / x.length;
  }
}
