package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_H264;
import static org.bytedeco.ffmpeg.global.avcodec.AV_CODEC_ID_MJPEG;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUV420P;
import static org.bytedeco.ffmpeg.global.avutil.AV_PIX_FMT_YUVJ420P;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.assertj.core.api.Assertions;
import org.assertj.core.data.Offset;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.opencv.core.Core;
import org.opencv.core.Mat;

class FfmpegFrameSourceTest {

  /** Frames of the clip re-encoded into other containers and codecs. */
  private static final int HEAD_FRAMES = 10;

  @TempDir Path tmp;

  @Test
  void shouldDecodeEveryFrameOfTheClipWithFfprobeTimestamps() throws Exception {
    List<VideoFrame> frames;
    try (FrameSource source = FrameSource.open(TestData.clip())) {
      VideoInfo info = source.info();
      assertThat(info.frameRate()).isEqualTo(TestData.CLIP_FPS);
      assertThat(info.width()).isEqualTo(TestData.CLIP_WIDTH);
      assertThat(info.height()).isEqualTo(TestData.CLIP_HEIGHT);
      assertThat(info.frameCount()).hasValue(TestData.CLIP_FRAMES);
      frames = readAll(source);
    }
    assertThat(frames).hasSize(TestData.CLIP_FRAMES);
    for (int i = 0; i < frames.size(); i++) {
      VideoFrame frame = frames.get(i);
      assertThat(frame.index()).isEqualTo(i);
      assertThat(frame.timestampMicros())
          .as("pts of frame %d", i)
          .isEqualTo(TestData.expectedClipTimestampMicros(i));
      assertThat(frame.bgr().channels()).isEqualTo(3);
      assertThat(frame.width()).isEqualTo(TestData.CLIP_WIDTH);
      assertThat(frame.height()).isEqualTo(TestData.CLIP_HEIGHT);
    }
  }

  @Test
  void shouldKeepFramesValidAfterLaterFramesAndClose() throws Exception {
    List<VideoFrame> frames;
    try (FrameSource source = FrameSource.open(TestData.clip())) {
      frames = readAll(source);
    }
    // The camera moves, so consecutive frames differ; if the source reused one buffer they
    // would all be the last frame.
    byte[] first = pixels(frames.get(0));
    byte[] last = pixels(frames.get(frames.size() - 1));
    assertThat(first).isNotEqualTo(last);
  }

  @Test
  void shouldKeepEveryNthFrame() throws Exception {
    try (FrameSource source =
        FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().every(4))) {
      List<VideoFrame> frames = readAll(source);
      assertThat(frames)
          .extracting(VideoFrame::index)
          .containsExactly(0L, 4L, 8L, 12L, 16L, 20L, 24L, 28L, 32L, 36L, 40L, 44L, 48L, 52L, 56L);
      assertThat(frames)
          .allSatisfy(
              f ->
                  assertThat(f.timestampMicros())
                      .isEqualTo(TestData.expectedClipTimestampMicros((int) f.index())));
    }
  }

  @Test
  void shouldTellWhereTheSourceEndsCountingTheFramesSamplingLeftOut() throws Exception {
    try (FrameSource source =
        FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().every(4))) {
      assertThat(source.endMicros()).as("before the end").isEqualTo(-1);
      List<VideoFrame> frames = readAll(source);
      assertThat(frames.get(frames.size() - 1).index()).isEqualTo(56);
      // Frame 59 is the last decoded; it lasts 1/15 s: the clip's 60 frames end at 4.0 s.
      assertThat(source.endMicros())
          .isEqualTo(TestData.expectedClipTimestampMicros(59) + Math.round(1e6 / TestData.CLIP_FPS))
          .isCloseTo(4_000_000L, Offset.offset(100L));
    }
  }

  @Test
  void shouldSampleDownToTargetFps() throws Exception {
    try (FrameSource source =
        FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().fps(5))) {
      List<VideoFrame> frames = readAll(source);
      // 15 fps -> 5 fps keeps the first frame of each 200 ms slot: 0, 3, 6, ... 57.
      assertThat(frames).hasSize(20);
      for (int k = 0; k < frames.size(); k++) {
        assertThat(frames.get(k).index()).isEqualTo(3L * k);
      }
    }
  }

  @Test
  void shouldKeepEveryFrameWhenTargetFpsExceedsSource() throws Exception {
    try (FrameSource source =
        FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().fps(30))) {
      assertThat(readAll(source)).hasSize(TestData.CLIP_FRAMES);
    }
  }

  @Test
  void shouldResizeEveryFrame() throws Exception {
    FrameSourceOptions options = FrameSourceOptions.defaults().every(20).resize(240, 180);
    try (FrameSource source = FrameSource.open(TestData.clip(), options)) {
      assertThat(source.info().width()).as("info describes the stored video").isEqualTo(480);
      List<VideoFrame> frames = readAll(source);
      assertThat(frames)
          .hasSize(3)
          .allSatisfy(
              f -> {
                assertThat(f.width()).isEqualTo(240);
                assertThat(f.height()).isEqualTo(180);
              });
    }
  }

  @Test
  void shouldRejectCombinedEveryAndFps() {
    assertThatThrownBy(() -> FrameSourceOptions.defaults().every(2).fps(5))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--every and --fps");
    assertThatThrownBy(() -> FrameSourceOptions.defaults().every(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("got 0");
  }

  @Test
  void shouldDeliverFramesUpToTheCutThenNameFileAndFrame() throws Exception {
    List<VideoFrame> frames = new ArrayList<>();
    Path truncated = TestData.truncatedClip();
    try (FrameSource source = FrameSource.open(truncated)) {
      assertThatThrownBy(() -> readAll(source, frames))
          .isInstanceOfSatisfying(
              CorruptVideoException.class,
              e -> {
                assertThat(e.file()).isEqualTo(truncated);
                assertThat(e.frameIndex()).isEqualTo(frames.size());
                assertThat(e.getMessage())
                    .contains("truncated.mp4")
                    .contains("frame " + frames.size());
              });
      assertThat(source.next()).as("the source is done after the error").isEmpty();
    }
    assertThat(frames).hasSize(TestData.TRUNCATED_COMPLETE_FRAMES);
    assertThat(frames)
        .extracting(VideoFrame::timestampMicros)
        .last()
        .isEqualTo(TestData.expectedClipTimestampMicros(TestData.TRUNCATED_COMPLETE_FRAMES - 1));
  }

  @Test
  void shouldTurnAPhoneClipStoredSidewaysUprightAsPlayersShowIt() throws Exception {
    Path rotated = RecordedClips.rotated(tmp);
    List<VideoFrame> upright;
    try (FrameSource source =
        FrameSource.open(TestData.clip(), FrameSourceOptions.defaults().every(10))) {
      upright = readAll(source);
    }
    try (FrameSource source = FrameSource.open(rotated, FrameSourceOptions.defaults().every(10))) {
      assertThat(source.info().orientation()).isEqualTo(new DisplayOrientation(90, false));
      assertThat(source.info().width()).as("displayed width").isEqualTo(480);
      assertThat(source.info().height()).as("displayed height").isEqualTo(360);
      List<VideoFrame> frames = readAll(source);
      assertThat(frames).hasSize(upright.size());
      for (int i = 0; i < frames.size(); i++) {
        assertThat(frames.get(i).width()).isEqualTo(480);
        assertThat(frames.get(i).height()).isEqualTo(360);
        double difference = meanAbsoluteDifference(frames.get(i), upright.get(i));
        System.out.printf(
            "rotated clip frame %d: mean |difference| to the upright clip %.2f levels%n",
            frames.get(i).index(), difference);
        assertThat(difference)
            .as("frame %d matches the upright clip's", frames.get(i).index())
            .isLessThan(3.0);
      }
    }
  }

  @Test
  void shouldResizeAfterTurningUpright() throws Exception {
    Path rotated = RecordedClips.rotated(tmp);
    try (FrameSource source =
        FrameSource.open(rotated, FrameSourceOptions.defaults().resize(240, 180))) {
      VideoFrame frame = source.next().orElseThrow();
      assertThat(frame.width()).isEqualTo(240);
      assertThat(frame.height()).isEqualTo(180);
    }
  }

  @Test
  void shouldReadAClipTrimmedByStreamCopyToItsEndWithoutCallingItDamaged() throws Exception {
    Path trimmed = RecordedClips.trimmedByStreamCopy(tmp);
    List<VideoFrame> original;
    try (FrameSource source = FrameSource.open(TestData.clip())) {
      original = readAll(source);
    }
    try (FrameSource source = FrameSource.open(trimmed)) {
      assertThat(source.info().frameCount()).as("declared by the container, a hint").hasValue(45);
      List<VideoFrame> frames = readAll(source); // throws if the source called the file damaged
      // ffprobe -count_frames: nb_read_frames=37, the clip's frames 23..59, from 0 s.
      assertThat(frames).hasSize(37);
      assertThat(frames.get(0).timestampMicros()).isEqualTo(0);
      assertThat(meanAbsoluteDifference(frames.get(0), original.get(23))).isLessThan(1.0);
      assertThat(meanAbsoluteDifference(frames.get(36), original.get(59))).isLessThan(1.0);
    }
  }

  /** Makes a file in a folder; may throw, as file writing does. */
  interface FileMaker {
    Path in(Path dir) throws Exception;
  }

  /** Files that are no video at all, and what the error must say: the file and the fault. */
  static Stream<Arguments> unreadableFiles() {
    return Stream.of(
        Arguments.of(
            "missing",
            (FileMaker) dir -> dir.resolve("no-such.mp4"),
            new String[] {"no-such.mp4", "no such file"}),
        Arguments.of(
            "text named .mp4",
            (FileMaker)
                dir ->
                    Files.writeString(
                        dir.resolve("notes.mp4"),
                        "this is not a video\n".repeat(50),
                        StandardCharsets.UTF_8),
            new String[] {"notes.mp4", "not a video"}),
        Arguments.of(
            "empty",
            (FileMaker) dir -> Files.createFile(dir.resolve("empty.mkv")),
            new String[] {"empty file"}));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("unreadableFiles")
  void shouldRejectAFileThatIsNoVideoNamingTheFault(String name, FileMaker maker, String[] expected)
      throws Exception {
    Path file = maker.in(tmp);

    assertThatThrownBy(() -> FrameSource.open(file))
        .isInstanceOf(UnreadableVideoException.class)
        .hasMessageContainingAll(expected);
  }

  @Test
  void shouldDecodeMatroskaH264() throws Exception {
    Decoded mkv = headAs("head.mkv", "matroska", AV_CODEC_ID_H264, AV_PIX_FMT_YUV420P);

    assertThat(mkv.info().format()).contains("matroska");
    assertThat(mkv.info().frameRate()).isEqualTo(15.0);
    assertThat(mkv.frames()).hasSize(HEAD_FRAMES);
    // Matroska keeps milliseconds: 66.666 ms steps become 67 ms or 66 ms.
    for (int i = 0; i < HEAD_FRAMES; i++) {
      assertThat(mkv.frames().get(i).timestampMicros())
          .isCloseTo(TestData.expectedClipTimestampMicros(i), Assertions.within(1000L));
    }
  }

  @Test
  void shouldDecodeAviMjpeg() throws Exception {
    Decoded avi = headAs("head.avi", "avi", AV_CODEC_ID_MJPEG, AV_PIX_FMT_YUVJ420P);

    assertThat(avi.info().format()).isEqualTo("avi");
    assertThat(avi.info().frameCount()).hasValue(HEAD_FRAMES);
    assertThat(avi.frames())
        .extracting(VideoFrame::index)
        .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    assertThat(avi.frames().get(9).timestampMicros())
        .isEqualTo(TestData.expectedClipTimestampMicros(9));
  }

  /** What a source said about a file and every frame it gave. */
  private record Decoded(VideoInfo info, List<VideoFrame> frames) {}

  /**
   * The clip's first {@value #HEAD_FRAMES} frames re-encoded as {@code container}/{@code codec},
   * read back.
   */
  private Decoded headAs(String fileName, String container, int codec, int pixelFormat)
      throws Exception {
    Path file = transcodeHead(tmp.resolve(fileName), container, codec, pixelFormat, HEAD_FRAMES);
    try (FrameSource source = FrameSource.open(file)) {
      return new Decoded(source.info(), readAll(source));
    }
  }

  static List<VideoFrame> readAll(FrameSource source) throws VideoException {
    return readAll(source, new ArrayList<>());
  }

  /**
   * Reads {@code source} to its end into {@code frames}; what came before a failure stays there.
   */
  static List<VideoFrame> readAll(FrameSource source, List<VideoFrame> frames)
      throws VideoException {
    Optional<VideoFrame> f;
    while ((f = source.next()).isPresent()) {
      frames.add(f.get());
    }
    return frames;
  }

  static double meanAbsoluteDifference(VideoFrame a, VideoFrame b) {
    Mat difference = new Mat();
    Core.absdiff(a.bgr(), b.bgr(), difference);
    double[] perChannel = Core.mean(difference).val;
    difference.release();
    return (perChannel[0] + perChannel[1] + perChannel[2]) / 3;
  }

  static byte[] pixels(VideoFrame frame) {
    byte[] data = new byte[frame.width() * frame.height() * 3];
    frame.bgr().get(0, 0, data);
    return data;
  }

  /** Re-encodes the first {@code n} frames of the clip into another container and codec. */
  private static Path transcodeHead(Path out, String format, int codec, int pixelFormat, int n)
      throws Exception {
    try (FrameSource source = FrameSource.open(TestData.clip());
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out.toFile(), 480, 360, 0);
        OpenCVFrameConverter.ToOrgOpenCvCoreMat converter =
            new OpenCVFrameConverter.ToOrgOpenCvCoreMat()) {
      recorder.setFormat(format);
      recorder.setVideoCodec(codec);
      recorder.setPixelFormat(pixelFormat);
      recorder.setFrameRate(15);
      recorder.start();
      for (int i = 0; i < n; i++) {
        recorder.record(converter.convert(source.next().orElseThrow().bgr()));
      }
      recorder.stop();
    }
    return out;
  }
}
