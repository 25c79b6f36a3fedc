package dev.scenelabeler.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.MaskPngWriter;
import dev.scenelabeler.connectors.video.RecordedClips;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FlinkMiniClusters;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.assertj.core.data.Offset;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The batch job on a MiniCluster over the test-data clip, the image folder, the truncated clip and
 * files as phones and editors leave them (made with ffmpeg from the clip): outputs per video
 * checked against the labeler API's masks of the same frames, the source's frame counts and times,
 * and each video's result.
 */
class BatchLabelingJobIT {

  private static final SceneModelLabelerFactory MODEL = SceneModelLabelerFactory.defaultModel();

  /** Every third frame keeps the test short: 20 of the clip's 60 frames. */
  private static final FrameSourceOptions EVERY_THIRD = FrameSourceOptions.defaults().every(3);

  private static final ObjectMapper JSON = new ObjectMapper();

  @RegisterExtension static final MiniClusterExtension FLINK = FlinkMiniClusters.withSlots(2);

  @TempDir Path out;
  @TempDir Path inputs;

  @Test
  void shouldWriteMasksOverlayStatsAndSummaryPerVideoWithTheLabelerApisMasks() throws Exception {
    Path clip = TestDataFiles.streetClip();
    Path folder = TestDataFiles.root().resolve("folder");
    Path truncated = TestDataFiles.root().resolve("bad/truncated.mp4");
    List<VideoResult> results =
        run(
            EVERY_THIRD,
            video("street", clip),
            video("folder", folder),
            video("truncated", truncated));

    try (Stream<Path> files = Files.walk(out)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !p.toString().contains("/masks/"))
          .forEach(
              p ->
                  System.out.println(
                      "output " + out.relativize(p) + " (" + p.toFile().length() + " bytes)"));
    }
    try (SceneModel model = MODEL.loadModel(DeviceSpec.cpu());
        SceneLabeler api = model.newLabeler()) {
      // The overlay: each sampled frame, and the last one again to hold it to the video's end
      // (street: frame 57 of 60 is the last sampled; folder: image 0 of 3); a damaged video ends
      // where it broke.
      int street = assertOutputsMatchTheSource(api, clip, out.resolve("street"), EVERY_THIRD, 21);
      assertThat(street).isEqualTo(20);
      int folderFrames =
          assertOutputsMatchTheSource(api, folder, out.resolve("folder"), EVERY_THIRD, 2);
      assertThat(folderFrames).isEqualTo(1); // frames 0, 1, 2 sampled every third: frame 0
      // The truncated clip: the frames before the damage are labeled, the damage is reported.
      int truncatedFrames =
          assertOutputsMatchTheSource(api, truncated, out.resolve("truncated"), EVERY_THIRD, 8);
      assertThat(truncatedFrames).isEqualTo(8); // frames 0..23 decode, every third: 0, 3, ..., 21
      assertThat(Files.readString(out.resolve("truncated/error.txt")))
          .contains("truncated.mp4")
          .contains("truncated");
      System.out.printf(
          "frames labeled: street %d, folder %d, truncated %d (then: %s)%n",
          street,
          folderFrames,
          truncatedFrames,
          Files.readString(out.resolve("truncated/error.txt")).trim());
    }
    assertThat(results).extracting(VideoResult::status).containsExactly("ok", "ok", "failed");
    assertThat(results.get(0).framesWritten()).isEqualTo(20);
    assertThat(results.get(2).error()).contains("truncated.mp4");
    assertThat(JSON.readTree(out.resolve("truncated/summary.json").toFile()).get("status").asText())
        .isEqualTo("failed");
  }

  @Test
  void shouldWriteStatsWithLabelingTimePerFrameAndNoLatency() throws Exception {
    run(FrameSourceOptions.defaults().every(10), video("street", TestDataFiles.streetClip()));
    List<String> lines = Files.readAllLines(out.resolve("street/stats.jsonl"));
    assertThat(lines).hasSize(6);
    for (int i = 0; i < lines.size(); i++) {
      JsonNode line = JSON.readTree(lines.get(i));
      assertThat(line.get("sequence").asLong()).isEqualTo(10L * i);
      assertThat(line.get("positionMs").asDouble())
          .isCloseTo(10 * i * 1000 / 15.0, Offset.offset(0.5));
      assertThat(line.get("labelingMs").asDouble())
          .as("labeler time per frame")
          .isPositive()
          .isLessThan(60_000);
      assertThat(line.has("latencyMs")).as("no latency in batch: no capture time").isFalse();
      assertThat(line.get("classFractions").size()).isEqualTo(6);
    }
    System.out.println("stats.jsonl line: " + lines.get(0));
    // docs/FORMATS.md shows a line with exactly these fields, in this order.
    String documented =
        Files.readAllLines(Path.of("../docs/FORMATS.md")).stream()
            .filter(l -> l.startsWith("{\"formatVersion\":1,\"camera\":\"street\",\"sequence\""))
            .findFirst()
            .orElseThrow();
    List<String> documentedFields = new ArrayList<>();
    JSON.readTree(documented).fieldNames().forEachRemaining(documentedFields::add);
    List<String> writtenFields = new ArrayList<>();
    JSON.readTree(lines.get(0)).fieldNames().forEachRemaining(writtenFields::add);
    assertThat(writtenFields).isEqualTo(documentedFields);
  }

  @Test
  void shouldLabelAPhoneClipStoredSidewaysUprightLikeTheUprightClip() throws Exception {
    Path rotated = RecordedClips.rotated(inputs);
    FrameSourceOptions everyTenth = FrameSourceOptions.defaults().every(10);
    List<VideoResult> results =
        run(everyTenth, video("upright", TestDataFiles.streetClip()), video("rotated", rotated));
    assertThat(results).extracting(VideoResult::status).containsExactly("ok", "ok");
    JsonNode summary = JSON.readTree(out.resolve("rotated/summary.json").toFile());
    assertThat(summary.get("width").asInt()).isEqualTo(480);
    assertThat(summary.get("height").asInt()).isEqualTo(360);
    MaskPngWriter upright = new MaskPngWriter(out.resolve("upright/masks"));
    MaskPngWriter turned = new MaskPngWriter(out.resolve("rotated/masks"));
    for (int frame = 0; frame < 60; frame += 10) {
      byte[] expected =
          MaskPngWriter.readPng(upright.fileFor(frame), 480, 360); // throws if another size
      byte[] actual = MaskPngWriter.readPng(turned.fileFor(frame), 480, 360);
      double agreement = agreement(expected, actual);
      System.out.printf(
          "rotated clip frame %d: %.1f%% of mask pixels as the upright clip's%n",
          frame, 100 * agreement);
      // Both clips went through a lossy encode (the rotated one twice), which moves the trained
      // model's borders between classes (89.5% seen); labeled sideways, 33% agree.
      assertThat(agreement).as("frame %d", frame).isGreaterThan(0.8);
    }
    try (FFmpegFrameGrabber overlay =
        new FFmpegFrameGrabber(out.resolve("rotated/overlay.mp4").toFile())) {
      overlay.start();
      assertThat(overlay.getImageWidth()).isEqualTo(480);
      assertThat(overlay.getImageHeight()).isEqualTo(360);
      overlay.stop();
    }
  }

  @Test
  void shouldLabelEveryDecodableFrameOfAClipTrimmedByStreamCopy() throws Exception {
    Path trimmed = RecordedClips.trimmedByStreamCopy(inputs);
    List<VideoResult> results = run(FrameSourceOptions.defaults(), video("trimmed", trimmed));
    // ffprobe -count_frames: 37 frames decode (the container declares 45).
    assertThat(results.get(0).status()).isEqualTo("ok");
    assertThat(results.get(0).framesWritten()).isEqualTo(37);
    try (Stream<Path> masks = Files.list(out.resolve("trimmed/masks"))) {
      assertThat(masks.count()).isEqualTo(37);
    }
    assertThat(out.resolve("trimmed/error.txt")).doesNotExist();
  }

  @Test
  void shouldWriteAnOddSizedVideoWithoutCostingTheOtherVideoItsOutputs() throws Exception {
    Path odd = RecordedClips.oddSize(inputs);
    FrameSourceOptions everySixth = FrameSourceOptions.defaults().every(6);
    List<VideoResult> results =
        run(everySixth, video("odd", odd), video("street", TestDataFiles.streetClip()));
    assertThat(results).extracting(VideoResult::status).containsExactly("ok", "ok");
    assertThat(results).extracting(VideoResult::framesWritten).containsExactly(10L, 10L);
    assertThat(
            MaskPngWriter.readPng(new MaskPngWriter(out.resolve("odd/masks")).fileFor(0), 479, 361))
        .hasSize(479 * 361);
    for (String video : List.of("odd", "street")) {
      assertThat(out.resolve(video + "/summary.json")).exists();
      assertThat(out.resolve(video + "/shares.png")).exists();
      // Frames 0, 6, ..., 54, then 54 again at 59/15 s, so the overlay lasts the video's 60 frames.
      assertThat(overlayFrames(out.resolve(video + "/overlay.mp4")))
          .as(video + " overlay")
          .isEqualTo(11);
    }
  }

  @Test
  void shouldKeepEachFramesPresentationTimeInTheOverlay() throws Exception {
    List<VideoResult> results =
        run(FrameSourceOptions.defaults().fps(3), video("street", TestDataFiles.streetClip()));
    assertThat(results.get(0).framesWritten()).isEqualTo(12); // 3 frames/s of a 4 s clip
    List<Long> times = new ArrayList<>();
    try (FFmpegFrameGrabber overlay =
        new FFmpegFrameGrabber(out.resolve("street/overlay.mp4").toFile())) {
      overlay.start();
      Frame frame;
      while ((frame = overlay.grabImage()) != null) {
        times.add(frame.timestamp);
      }
      double seconds = overlay.getLengthInTime() / 1e6;
      System.out.printf(
          "overlay of --fps 3 over the 4.0 s clip: %d frames, %.3f s, frame times %s us%n",
          times.size(), seconds, times);
      assertThat(seconds)
          .as("overlay duration vs the source's 4.0 s, within a source frame (1/15 s)")
          .isCloseTo(4.0, Offset.offset(1 / 15.0));
      overlay.stop();
    }
    // Frames 0, 5, 10, ... of the 15 fps source: at k/3 s; the last (55) again at 59/15 s, its
    // source's last frame time, so that it is shown until the source ends.
    assertThat(times).hasSize(13);
    for (int k = 0; k < 12; k++) {
      assertThat(times.get(k) / 1e6)
          .as("overlay frame %d", k)
          .isCloseTo(k / 3.0, Offset.offset(0.034));
    }
    assertThat(times.get(12) / 1e6)
        .as("the last frame held")
        .isCloseTo(59 / 15.0, Offset.offset(0.034));
  }

  private List<VideoResult> run(FrameSourceOptions sampling, VideoInput... videos)
      throws Exception {
    JobOptions options = JobOptions.builder().device(DeviceSpec.cpu()).parallelism(2).build();
    BatchLabelingJob job = BatchLabelingJob.toFiles(options, List.of(videos), sampling, MODEL);
    List<VideoResult> results = job.execute(StreamExecutionEnvironment.getExecutionEnvironment());
    System.out.println("results: " + results);
    return results;
  }

  private VideoInput video(String id, Path file) {
    return new VideoInput(id, file.toString(), out.resolve(id).toString());
  }

  static double agreement(byte[] expected, byte[] actual) {
    int same = 0;
    for (int i = 0; i < expected.length; i++) {
      if (expected[i] == actual[i]) {
        same++;
      }
    }
    return same / (double) expected.length;
  }

  static int overlayFrames(Path overlay) throws Exception {
    int frames = 0;
    try (FrameSource video = FrameSource.open(overlay)) {
      Optional<VideoFrame> f;
      while ((f = video.next()).isPresent()) {
        f.get().bgr().release();
        frames++;
      }
    }
    return frames;
  }

  /** Checks one video's outputs; returns its frame count. */
  private static int assertOutputsMatchTheSource(
      SceneLabeler api, Path source, Path dir, FrameSourceOptions sampling, int overlayFrames)
      throws Exception {
    List<Long> indices = new ArrayList<>();
    int width = 0;
    int height = 0;
    // The job filters each video in frame order (the default --temporal-filter): so does the API.
    VideoSequenceLabeler sequence = new VideoSequenceLabeler(api, TemporalFilterSettings.flow());
    try (FrameSource frames = FrameSource.open(source, sampling)) {
      while (true) {
        Optional<VideoFrame> next;
        try {
          next = frames.next();
        } catch (VideoException damaged) {
          break;
        }
        if (next.isEmpty()) {
          break;
        }
        VideoFrame frame = next.get();
        try {
          width = frame.width();
          height = frame.height();
          byte[] expected =
              sequence
                  .label(
                      frame.bgr(),
                      new FramePosition(
                          frame.index(), Math.floorDiv(frame.timestampMicros(), 1000)))
                  .classes();
          Path maskFile = new MaskPngWriter(dir.resolve("masks")).fileFor(frame.index());
          assertThat(MaskPngWriter.readPng(maskFile, width, height))
              .as("mask of %s frame %d", source, frame.index())
              .isEqualTo(expected);
          indices.add(frame.index());
        } finally {
          frame.bgr().release();
        }
      }
    }
    try (Stream<Path> masks = Files.list(dir.resolve("masks"))) {
      assertThat(masks.count()).isEqualTo(indices.size());
    }
    assertThat(Files.readAllLines(dir.resolve("stats.jsonl"))).hasSize(indices.size());
    JsonNode summary = JSON.readTree(dir.resolve("summary.json").toFile());
    assertThat(summary.get("frames").asInt()).isEqualTo(indices.size());
    assertThat(summary.get("width").asInt()).isEqualTo(width);
    assertThat(Files.size(dir.resolve("shares.png"))).isPositive();
    assertThat(overlayFrames(dir.resolve("overlay.mp4"))).isEqualTo(overlayFrames);
    return indices.size();
  }
}
