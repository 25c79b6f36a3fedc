package dev.scenelabeler.connectors.video;

import static dev.scenelabeler.connectors.video.FfmpegFrameSourceTest.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class OverlayVideoWriterTest {

  /** The project palette (LabelSet), repeated here because connectors does not see models. */
  static final int[] PALETTE = {0x4A90E2, 0x2E8B3A, 0x8C8C8C, 0xC0504D, 0xFFD700, 0x8E44AD};

  static final int FRAMES = 15;

  @TempDir Path tmp;

  @Test
  void shouldWriteAReadableMp4AtTheSourceFrameRate() throws Exception {
    Path overlay = tmp.resolve("overlay.mp4");
    byte[] lastTruth;
    try (FrameSource source = FrameSource.open(TestData.clip());
        OverlayVideoWriter writer =
            OverlayVideoWriter.open(overlay, 480, 360, source.info().frameRate(), PALETTE, 1.0)) {
      lastTruth = null;
      for (int i = 0; i < FRAMES; i++) {
        VideoFrame frame = source.next().orElseThrow();
        lastTruth = MaskPngWriter.readPng(TestData.label(i), 480, 360);
        writer.write(frame.bgr(), 480, 360, lastTruth);
      }
      assertThat(writer.framesWritten()).isEqualTo(FRAMES);
    }
    try (FrameSource back = FrameSource.open(overlay)) {
      assertThat(back.info().frameRate()).isEqualTo(15.0);
      assertThat(back.info().frameCount()).hasValue(FRAMES);
      List<VideoFrame> frames = readAll(back);
      assertThat(frames).hasSize(FRAMES);
      assertThat(frames.get(FRAMES - 1).timestampMicros())
          .isEqualTo(TestData.expectedClipTimestampMicros(FRAMES - 1));
      // At opacity 1 a pixel deep inside a region shows its class colour (up to codec error).
      byte[] bgr = FfmpegFrameSourceTest.pixels(frames.get(FRAMES - 1));
      int checked = 0;
      for (int y = 4; y < 356; y += 16) {
        for (int x = 4; x < 476; x += 16) {
          if (uniformAround(lastTruth, x, y, 4)) {
            int rgb = PALETTE[lastTruth[y * 480 + x]];
            int i = 3 * (y * 480 + x);
            assertThat(bgr[i] & 0xFF)
                .as("blue at %d,%d", x, y)
                .isCloseTo(rgb & 255, Assertions.within(16));
            assertThat(bgr[i + 1] & 0xFF)
                .as("green at %d,%d", x, y)
                .isCloseTo((rgb >> 8) & 255, Assertions.within(16));
            assertThat(bgr[i + 2] & 0xFF)
                .as("red at %d,%d", x, y)
                .isCloseTo((rgb >> 16) & 255, Assertions.within(16));
            checked++;
          }
        }
      }
      assertThat(checked).isGreaterThan(200);
    }
  }

  @Test
  void shouldScaleASmallerMaskToTheFrame() throws Exception {
    Path overlay = tmp.resolve("small-mask.mp4");
    try (FrameSource source = FrameSource.open(TestData.clip());
        OverlayVideoWriter writer = OverlayVideoWriter.open(overlay, 480, 360, 15, PALETTE, 0.5)) {
      byte[] quarter = new byte[120 * 90]; // all sky
      writer.write(source.next().orElseThrow().bgr(), 120, 90, quarter);
    }
    try (FrameSource back = FrameSource.open(overlay)) {
      assertThat(readAll(back)).hasSize(1);
    }
  }

  @Test
  void shouldNameTheFileWhenItsFolderIsMissing() {
    Path file = tmp.resolve("no/such/dir/overlay.mp4");
    assertThatThrownBy(() -> OverlayVideoWriter.open(file, 480, 360, 15, PALETTE, 0.5))
        .isInstanceOf(VideoWriteException.class)
        .hasMessageContaining("overlay.mp4")
        .hasMessageContaining("parent directory does not exist");
  }

  @Test
  void shouldEncodeAnOddFrameSizeOnePixelLargerWithTheLastRowAndColumnRepeated() throws Exception {
    Path overlay = tmp.resolve("odd.mp4");
    Mat frame = new Mat(361, 479, CvType.CV_8UC3, new Scalar(40, 120, 200));
    try (OverlayVideoWriter writer = OverlayVideoWriter.open(overlay, 479, 361, 15, PALETTE, 0)) {
      writer.write(frame, 479, 361, new byte[479 * 361]);
    }
    try (FrameSource back = FrameSource.open(overlay)) {
      assertThat(back.info().width()).isEqualTo(480);
      assertThat(back.info().height()).isEqualTo(362);
      VideoFrame decoded = readAll(back).get(0);
      double[] corner = decoded.bgr().get(361, 479); // the added row and column
      double[] centre = decoded.bgr().get(180, 240);
      // The frame's colour up to codec error at the picture's edge (9 levels seen), not black
      // padding.
      for (int c = 0; c < 3; c++) {
        assertThat(corner[c]).as("channel %d", c).isCloseTo(centre[c], Assertions.within(20.0));
      }
      assertThat(corner[2]).isGreaterThan(150);
    }
  }

  @Test
  void shouldPlaceFramesAtTheirPresentationTimes() throws Exception {
    List<Long> times = frameTimes(writeEveryFifthFrame("sampled.mp4", false));
    assertThat(times).hasSize(12);
    for (int k = 0; k < times.size(); k++) { // source frames 0, 5, 10, ...: at k/3 s
      assertThat(times.get(k)).isEqualTo(TestData.expectedClipTimestampMicros(5 * k));
    }
  }

  @Test
  void shouldHoldTheLastFrameUntilTheSourcesEnd() throws Exception {
    Path overlay = writeEveryFifthFrame("held.mp4", true);
    List<Long> times = frameTimes(overlay);
    // Source frames 0, 5, ..., 55, then 55 again at frame 59's time: shown until the clip ends.
    assertThat(times).hasSize(13);
    assertThat(times.get(12)).isEqualTo(TestData.expectedClipTimestampMicros(59));
    try (FFmpegFrameGrabber container = new FFmpegFrameGrabber(overlay.toFile())) {
      container.start();
      assertThat(container.getLengthInTime())
          .as("the overlay lasts as long as the clip")
          .isCloseTo(4_000_000L, Offset.offset(1_000L));
      container.stop();
    }
  }

  /** The presentation times of an overlay's frames, in microseconds. */
  private static List<Long> frameTimes(Path overlay) throws Exception {
    try (FrameSource back = FrameSource.open(overlay)) {
      return readAll(back).stream().map(VideoFrame::timestampMicros).toList();
    }
  }

  /**
   * The clip's frames 0, 5, ..., 55 at their presentation times; {@code hold}: then held to its end
   * (twice).
   */
  private Path writeEveryFifthFrame(String name, boolean hold) throws Exception {
    Path overlay = tmp.resolve(name);
    try (FrameSource source =
            FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().every(5));
        OverlayVideoWriter writer = OverlayVideoWriter.open(overlay, 480, 360, 15, PALETTE, 0.5)) {
      Optional<VideoFrame> next;
      while ((next = source.next()).isPresent()) {
        writer.write(next.get().bgr(), 480, 360, new byte[480 * 360], next.get().timestampMicros());
        next.get().bgr().release();
      }
      if (hold) {
        writer.holdLastFrameUntil(source.endMicros());
        writer.holdLastFrameUntil(source.endMicros()); // already held: nothing more
      }
    }
    return overlay;
  }

  @Test
  void shouldRejectBadOpacity() {
    assertThatThrownBy(
            () -> OverlayVideoWriter.open(tmp.resolve("a.mp4"), 480, 360, 15, PALETTE, 1.5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("opacity");
  }

  private static boolean uniformAround(byte[] labels, int x, int y, int r) {
    byte c = labels[y * 480 + x];
    for (int dy = -r; dy <= r; dy++) {
      for (int dx = -r; dx <= r; dx++) {
        if (labels[(y + dy) * 480 + x + dx] != c) {
          return false;
        }
      }
    }
    return true;
  }
}
