package dev.scenelabeler.connectors.video;

import static dev.scenelabeler.connectors.video.FfmpegFrameSourceTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.Core;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

class ImageFolderFrameSourceTest {

  @TempDir Path tmp;

  @Test
  void shouldPlayImagesInNameOrderAtTheFolderFrameRate() throws Exception {
    try (FrameSource source = FrameSource.open(TestData.imageFolder())) {
      VideoInfo info = source.info();
      assertThat(info.format()).isEqualTo("image-folder");
      assertThat(info.frameCount()).hasValue(3);
      assertThat(info.width()).isEqualTo(160);
      assertThat(info.height()).isEqualTo(120);
      assertThat(info.frameRate()).isEqualTo(FrameSourceOptions.DEFAULT_IMAGE_FOLDER_FPS);
      List<VideoFrame> frames = readAll(source);
      assertThat(frames).extracting(VideoFrame::index).containsExactly(0L, 1L, 2L);
      assertThat(frames)
          .extracting(VideoFrame::timestampMicros)
          .containsExactly(0L, 100_000L, 200_000L);
      assertThat(frames).allSatisfy(f -> assertThat(f.bgr().channels()).isEqualTo(3));
    }
  }

  @Test
  void shouldTurnAJpegUprightByItsExifOrientation() throws Exception {
    // A 160x120 JPEG of frame 0, tagged EXIF orientation 6 ("rotate 90 clockwise to display"), as
    // phones write.
    Mat stored;
    try (FrameSource source = FrameSource.open(TestData.imageFolder())) {
      stored = source.next().orElseThrow().bgr();
    }
    MatOfByte jpeg = new MatOfByte();
    Imgcodecs.imencode(".jpg", stored, jpeg);
    Path folder = Files.createDirectory(tmp.resolve("phone"));
    Files.write(folder.resolve("photo.jpg"), withExifOrientation(jpeg.toArray(), 6));
    try (FrameSource source = FrameSource.open(folder)) {
      assertThat(source.info().width()).as("displayed width").isEqualTo(120);
      assertThat(source.info().height()).isEqualTo(160);
      VideoFrame upright = source.next().orElseThrow();
      Mat expected = DisplayOrientation.fromExif(6).applyCopy(stored);
      Mat difference = new Mat();
      Core.absdiff(upright.bgr(), expected, difference);
      double[] mean = Core.mean(difference).val;
      assertThat((mean[0] + mean[1] + mean[2]) / 3)
          .as("turned clockwise, as a viewer shows it")
          .isLessThan(4.0);
    }
  }

  /** Inserts an APP1 Exif segment holding only the orientation tag (big-endian TIFF) after SOI. */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, first IFD at 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // 0x0112 SHORT x1 = orientation
      0,
      0,
      0,
      0
    }; // no next IFD
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    int length = exif.length + 2;
    byte[] out = new byte[jpeg.length + 2 + length];
    out[0] = jpeg[0];
    out[1] = jpeg[1]; // FF D8
    out[2] = (byte) 0xFF;
    out[3] = (byte) 0xE1;
    out[4] = (byte) (length >> 8);
    out[5] = (byte) length;
    System.arraycopy(exif, 0, out, 6, exif.length);
    System.arraycopy(jpeg, 2, out, 6 + exif.length, jpeg.length - 2);
    return out;
  }

  @Test
  void shouldSortByNameAndIgnoreNonImages() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("seq"));
    Files.copy(TestData.imageFolder().resolve("frame-02.png"), folder.resolve("b.png"));
    Files.copy(TestData.imageFolder().resolve("frame-00.png"), folder.resolve("a.png"));
    Files.writeString(folder.resolve("notes.txt"), "not an image");
    Files.writeString(folder.resolve(".hidden.png"), "editor swap file");
    try (FrameSource source = FrameSource.open(folder)) {
      List<VideoFrame> frames = readAll(source);
      assertThat(frames).hasSize(2);
      assertThat(FfmpegFrameSourceTest.pixels(frames.get(0)))
          .isEqualTo(pixelsOf(TestData.imageFolder().resolve("frame-00.png")));
    }
  }

  @Test
  void shouldApplyFpsSamplingAndResizeToFolders() throws Exception {
    FrameSourceOptions options =
        FrameSourceOptions.defaults().imageFolderFps(20).fps(10).resize(80, 60);
    try (FrameSource source = FrameSource.open(TestData.imageFolder(), options)) {
      List<VideoFrame> frames = readAll(source);
      assertThat(frames).extracting(VideoFrame::index).containsExactly(0L, 2L);
      assertThat(frames).extracting(VideoFrame::timestampMicros).containsExactly(0L, 100_000L);
      assertThat(frames).allSatisfy(f -> assertThat(f.width()).isEqualTo(80));
      assertThat(source.endMicros()).as("three images at 20 frames/s").isEqualTo(150_000L);
    }
  }

  @Test
  void shouldDeliverGoodImagesThenNameTheCorruptJpeg() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("with-corrupt"));
    Files.copy(TestData.imageFolder().resolve("frame-00.png"), folder.resolve("f0.png"));
    Files.copy(TestData.imageFolder().resolve("frame-01.png"), folder.resolve("f1.png"));
    Files.copy(TestData.corruptJpeg(), folder.resolve("f2.jpg"));
    Files.copy(TestData.imageFolder().resolve("frame-02.png"), folder.resolve("f3.png"));
    List<VideoFrame> frames = new ArrayList<>();
    try (FrameSource source = FrameSource.open(folder)) {
      assertThatThrownBy(() -> readAll(source, frames))
          .isInstanceOfSatisfying(
              CorruptVideoException.class,
              e -> {
                assertThat(e.file()).isEqualTo(folder.resolve("f2.jpg"));
                assertThat(e.frameIndex()).isEqualTo(2);
                assertThat(e.getMessage()).contains("f2.jpg").contains("frame 2").contains("JPEG");
              });
      assertThat(source.next()).isEmpty();
    }
    assertThat(frames).hasSize(2);
  }

  @Test
  void shouldRejectImageThatOpenCvCannotDecode() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("garbage"));
    Files.copy(TestData.imageFolder().resolve("frame-00.png"), folder.resolve("f0.png"));
    Files.write(folder.resolve("f1.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 1, 2, 3, 4});
    try (FrameSource source = FrameSource.open(folder)) {
      assertThat(source.next()).isPresent();
      assertThatThrownBy(source::next)
          .isInstanceOf(CorruptVideoException.class)
          .hasMessageContaining("f1.png")
          .hasMessageContaining("not a decodable image");
    }
  }

  @Test
  void shouldRejectFolderWithoutImages() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("empty"));
    Files.writeString(folder.resolve("readme.txt"), "nothing here");
    assertThatThrownBy(() -> FrameSource.open(folder))
        .isInstanceOf(UnreadableVideoException.class)
        .hasMessageContaining("empty")
        .hasMessageContaining("no image files");
  }

  @Test
  void shouldRejectFolderWhoseFirstImageIsCorrupt() throws Exception {
    Path folder = Files.createDirectory(tmp.resolve("bad-first"));
    Files.copy(TestData.corruptJpeg(), folder.resolve("a.jpg"));
    assertThatThrownBy(() -> FrameSource.open(folder))
        .isInstanceOf(UnreadableVideoException.class)
        .hasMessageContaining("a.jpg")
        .hasMessageContaining("first image unreadable");
  }

  private static byte[] pixelsOf(Path png) throws Exception {
    Mat m = Imgcodecs.imread(png.toString());
    byte[] data = new byte[m.cols() * m.rows() * 3];
    m.get(0, 0, data);
    return data;
  }
}
