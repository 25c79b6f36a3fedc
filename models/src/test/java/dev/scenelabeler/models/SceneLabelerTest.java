package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class SceneLabelerTest {

  private static SceneModel model;
  private static SceneLabeler labeler;

  @BeforeAll
  static void openUntrainedModel() {
    OpenCv.load();
    model = SceneModel.untrained("multiscale-bn", 42, DeviceSpec.cpu());
    labeler = model.newLabeler();
  }

  @AfterAll
  static void close() {
    labeler.close();
    model.close();
  }

  @ParameterizedTest(name = "{0}x{1}, {2} channel(s)")
  @CsvSource({
    "480, 360, 3",
    "320, 240, 3",
    "37, 23, 3",
    "1, 1, 3",
    "640, 480, 1",
    "200, 100, 4",
    // smaller than the network's stride, one pixel thin, a panorama beyond the long-side cap
    "5, 3, 3",
    "1, 300, 3",
    "300, 1, 3",
    "10000, 100, 3",
    "7, 1, 1"
  })
  void shouldReturnAMaskOfTheFrameSizeWithValidClassesAndFractions(
      int width, int height, int channels) {
    SceneMask mask = labeler.label(TestImages.street(width, height, channels));
    assertThat(mask.width()).isEqualTo(width);
    assertThat(mask.height()).isEqualTo(height);
    for (byte c : mask.classes()) {
      assertThat(c & 0xFF).isLessThan(LabelSet.SCENE6.size());
    }
    double sum = 0;
    for (float f : mask.classFractions()) {
      sum += f;
    }
    assertThat(sum).isCloseTo(1.0, Offset.offset(1e-4));
    assertThat(mask.meanConfidence()).isBetween(1f / LabelSet.SCENE6.size(), 1f);
  }

  @Test
  void shouldGiveTheSameMasksInABatchAsOneByOne() {
    List<Mat> frames = List.of(TestImages.street(320, 240, 3), TestImages.street(480, 360, 3));
    List<SceneMask> batch = labeler.labelBatch(frames);
    assertThat(batch).hasSize(2);
    for (int i = 0; i < frames.size(); i++) {
      SceneMask single = labeler.label(frames.get(i));
      assertThat(agreement(batch.get(i), single)).as("frame %d", i).isGreaterThan(0.999);
    }
  }

  @Test
  void shouldGroupABatchOfMixedShapesByWorkingSizeAndKeepTheInputOrder() {
    List<Mat> frames =
        List.of(
            TestImages.street(1280, 720, 3),
            TestImages.street(320, 240, 3),
            TestImages.street(640, 360, 1),
            TestImages.street(90, 300, 3),
            TestImages.street(320, 240, 4));
    List<SceneMask> batch = labeler.labelBatch(frames);
    assertThat(batch).hasSize(frames.size());
    for (int i = 0; i < frames.size(); i++) {
      assertThat(batch.get(i).width()).as("frame %d", i).isEqualTo(frames.get(i).cols());
      assertThat(batch.get(i).height()).as("frame %d", i).isEqualTo(frames.get(i).rows());
      assertThat(agreement(batch.get(i), labeler.label(frames.get(i))))
          .as("frame %d", i)
          .isGreaterThan(0.999);
    }
  }

  @Test
  void shouldLabelAtTheModelsShortSideKeepingTheAspect() {
    // the untrained multiscale-bn's input is 320x240: its trained short side is 240
    assertThat(labeler.workingSizeOf(1920, 1080)).containsExactly(424, 240);
    assertThat(labeler.workingSizeOf(320, 240)).containsExactly(320, 240);
    try (SceneLabeler stretching = model.newLabeler(WorkingSize.modelInput())) {
      assertThat(stretching.workingSizeOf(1920, 1080)).containsExactly(320, 240);
      SceneMask mask = stretching.label(TestImages.street(1280, 720, 3));
      assertThat(mask.width()).isEqualTo(1280);
    }
  }

  @Test
  void shouldLabelABufferedImageLikeTheSameMat() {
    Mat mat = TestImages.street(64, 48, 3);
    byte[] bgr = new byte[64 * 48 * 3];
    mat.get(0, 0, bgr);
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_3BYTE_BGR);
    byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    System.arraycopy(bgr, 0, raster, 0, bgr.length); // TYPE_3BYTE_BGR keeps B, G, R in memory
    assertThat(labeler.label(image)).isEqualTo(labeler.label(mat));
  }

  @Test
  void shouldLabelAHugeFrameAtItsCappedWorkingSize() {
    Mat huge = new Mat(10000, 10000, CvType.CV_8UC3, new Scalar(90, 120, 150));
    SceneMask mask = labeler.label(huge);
    huge.release();
    assertThat(mask.width()).isEqualTo(10000);
    assertThat(mask.classes()).hasSize(100_000_000);
  }

  @Test
  void shouldRejectAnEmptyImageClearly() {
    assertThatThrownBy(() -> labeler.label(new Mat()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("image is empty");
  }

  @Test
  void shouldRejectSixteenBitImagesNamingTheType() {
    assertThatThrownBy(() -> labeler.label(new Mat(10, 10, CvType.CV_16UC3)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("8-bit")
        .hasMessageContaining("16UC3");
  }

  @Test
  void shouldRejectTwoChannelImagesNamingTheCount() {
    assertThatThrownBy(() -> labeler.label(new Mat(10, 10, CvType.CV_8UC2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 2");
  }

  @Test
  void shouldGiveIdenticalMasksAfterASaveAndLoadRoundTrip(@TempDir Path dir) throws Exception {
    model.save(dir);
    assertThat(dir.resolve("model.json")).exists();
    Mat frame = TestImages.street(480, 360, 3);
    try (SceneModel loaded = SceneModel.load(dir, DeviceSpec.cpu());
        SceneLabeler again = loaded.newLabeler()) {
      assertThat(again.label(frame)).isEqualTo(labeler.label(frame));
      assertThat(loaded.info().network()).isEqualTo("multiscale-bn");
      assertThat(loaded.info().parameterCount())
          .isEqualTo(model.info().parameterCount())
          .isPositive();
    }
  }

  @Test
  void shouldNameTheMissingDirectoryWhenTheModelIsAbsent(@TempDir Path dir) {
    assertThatThrownBy(() -> SceneModel.load(dir.resolve("nope"), DeviceSpec.cpu()))
        .hasMessageContaining("nope")
        .hasMessageContaining("not found");
  }

  @Test
  void shouldNameTheMissingFileWhenWeightsAreAbsent(@TempDir Path dir) throws Exception {
    model.save(dir);
    Files.delete(dir.resolve("weights.params"));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .hasMessageContaining("weights.params");
  }

  @Test
  void shouldReportACorruptDescription(@TempDir Path dir) throws Exception {
    savedWithDescription(dir, json -> "{ not json");
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .hasMessageContaining("model.json")
        .hasMessageContaining("not a valid model description");
  }

  @Test
  void shouldReportTruncatedWeights(@TempDir Path dir) throws Exception {
    model.save(dir);
    Path weights = dir.resolve("weights.params");
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, bytes.length / 2));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .hasMessageContaining("weights.params")
        .hasMessageContaining("no readable weights");
  }

  @Test
  void shouldReadTheLabelSetAndItsPaletteBackFromTheModelDescription(@TempDir Path dir)
      throws Exception {
    savedWithDescription(
        dir, json -> json.replace("scene6-v1", "scene6-night").replace("#4A90E2", "#000010"));
    try (SceneModel loaded = SceneModel.load(dir, DeviceSpec.cpu())) {
      assertThat(loaded.info().labelSetId()).isEqualTo("scene6-night");
      assertThat(loaded.info().labelSet().rgb(0)).isEqualTo(0x10);
    }
  }

  @Test
  void shouldRefuseALabelSetWhoseClassesDoNotMatchTheWeights(@TempDir Path dir) throws Exception {
    savedWithDescription(
        dir, json -> json.replace(", \"other\" ]", " ]").replace(", \"#8E44AD\" ]", " ]"));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .hasMessageContaining("weights.params")
        .hasMessageContaining("5 classes");
  }

  @Test
  void shouldRefuseALabelSetWithoutAColourForEachClass(@TempDir Path dir) throws Exception {
    savedWithDescription(dir, json -> json.replace(", \"#8E44AD\" ]", " ]"));
    assertThatThrownBy(() -> SceneModel.load(dir, DeviceSpec.cpu()))
        .hasMessageContaining("model.json")
        .hasMessageContaining("6 classes but 5 palette colours");
  }

  @Test
  void shouldRefuseAGpuTheEngineDoesNotSee() {
    assertThatThrownBy(() -> DeviceSpec.gpu(7).resolve()).hasMessageContaining("gpu:7");
  }

  /** Saves the fixture model to {@code dir} with its model.json rewritten by {@code edit}. */
  private static void savedWithDescription(Path dir, UnaryOperator<String> edit) throws Exception {
    model.save(dir);
    Path json = dir.resolve("model.json");
    Files.writeString(json, edit.apply(Files.readString(json)));
  }

  private static double agreement(SceneMask a, SceneMask b) {
    int same = 0;
    for (int i = 0; i < a.classes().length; i++) {
      if (a.classes()[i] == b.classes()[i]) {
        same++;
      }
    }
    return (double) same / a.classes().length;
  }
}
