package dev.scenelabeler.jobs.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.connectors.records.MaskPng;
import dev.scenelabeler.connectors.video.MaskPngWriter;
import dev.scenelabeler.connectors.video.OverlayVideoWriter;
import dev.scenelabeler.connectors.video.StatsJsonLinesWriter;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything written for one video, frame by frame in order: {@code masks/mask-NNNNNN.png} (encoded
 * from the labeler's class indices), {@code stats.jsonl}, {@code overlay.mp4} (the decoded frame
 * itself blended with its mask, at its presentation time; the last frame held to the video's end),
 * and at the end {@code summary.json}, {@code shares.png} and, for a failed video, {@code
 * error.txt}.
 *
 * <p>Where the output folder is on a Flink file system ({@code s3://...}), the files are written to
 * a local staging folder and uploaded when the video is finished.
 *
 * <p>Never throws: a failure to write stops this video's outputs, and the video is reported as
 * failed with the reason; other videos are not affected.
 */
final class VideoOutputs {

  private static final Logger LOG = LoggerFactory.getLogger(VideoOutputs.class);
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final double OVERLAY_OPACITY = 0.45;

  private final VideoInput video;
  private final Path dir; // where files are written: the output folder, or its local staging copy
  private final double sourceFps;
  private final long expectedFrames;
  private final long startNanos = System.nanoTime();
  private final List<Double> seconds = new ArrayList<>();
  private final List<float[]> shares = new ArrayList<>();
  private MaskPngWriter masks;
  private StatsJsonLinesWriter stats;
  private OverlayVideoWriter overlay;
  private String overlayProblem;
  private String writeError;
  private ModelInfo model;
  private int width;
  private int height;
  private long written;
  private double labelingMs;

  /**
   * @param sourceFps the video's frame rate, the overlay's time base; 0 if unknown
   */
  VideoOutputs(VideoInput video, long expectedFrames, double sourceFps) {
    this.video = video;
    this.expectedFrames = expectedFrames;
    this.sourceFps = sourceFps;
    this.dir = video.outputIsUri() ? stagingDir(video) : video.output();
    try {
      Path masksDir = dir.resolve("masks");
      Files.createDirectories(masksDir);
      Files.deleteIfExists(dir.resolve("error.txt")); // from an earlier run
      masks = new MaskPngWriter(masksDir);
      stats = StatsJsonLinesWriter.open(dir.resolve("stats.jsonl"));
    } catch (IOException | RuntimeException e) {
      stopWriting("cannot create outputs in " + video.outputDir() + ": " + message(e));
    }
  }

  /**
   * A local folder for the files of a video whose outputs go to a Flink file system; a path that
   * fails to open if none can be made.
   */
  private static Path stagingDir(VideoInput video) {
    try {
      return Files.createTempDirectory("scene-labeler-" + video.cameraId() + "-");
    } catch (IOException e) {
      LOG.error("{}: no local staging folder: {}", video.outputDir(), e.getMessage());
      return Path.of(
          System.getProperty("java.io.tmpdir"), "scene-labeler-no-staging", video.cameraId());
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }

  long written() {
    return written;
  }

  /** Writes one labeled frame's outputs; the caller keeps (and releases) the frame's Mat. */
  void write(VideoElement.Frame frame) {
    if (writeError != null) {
      return;
    }
    SceneMask mask = frame.mask();
    try {
      if (model == null) {
        model = frame.model();
        width = mask.width();
        height = mask.height();
        openOverlay();
      }
      masks.writePng(frame.index(), MaskPng.encode(mask.width(), mask.height(), mask.classes()));
      Map<String, Float> fractions = new LinkedHashMap<>();
      for (int c = 0; c < mask.classFractions().length; c++) {
        fractions.put(model.classNames().get(c), mask.classFractions()[c]);
      }
      stats.write(
          new BatchFrameStats(
              BatchFrameStats.FORMAT_VERSION,
              video.cameraId(),
              frame.index(),
              frame.timestampMicros() / 1000.0,
              frame.labelingMs(),
              model.modelId(),
              fractions,
              mask.meanConfidence(),
              frame.filtered()));
    } catch (IOException | RuntimeException e) {
      stopWriting("cannot write the outputs of frame " + frame.index() + ": " + message(e));
      return;
    }
    if (overlay != null) {
      try {
        overlay.write(
            frame.bgr(), mask.width(), mask.height(), mask.classes(), frame.timestampMicros());
      } catch (VideoException | RuntimeException e) {
        overlayProblem = "overlay stopped at frame " + frame.index() + ": " + message(e);
        LOG.warn("{}: {}", video.path(), overlayProblem);
        closeOverlay();
      }
    }
    seconds.add(frame.timestampMicros() / 1e6);
    shares.add(mask.classFractions());
    labelingMs += frame.labelingMs();
    written++;
  }

  private void openOverlay() {
    try {
      overlay =
          OverlayVideoWriter.open(
              dir.resolve("overlay.mp4"),
              width,
              height,
              sourceFps > 0 ? sourceFps : 30,
              model.paletteRgb(),
              OVERLAY_OPACITY);
    } catch (VideoException | RuntimeException e) {
      overlayProblem = "no overlay: " + message(e);
      LOG.warn("{}: {}", video.path(), overlayProblem);
    }
  }

  private void closeOverlay() {
    if (overlay == null) {
      return;
    }
    try {
      overlay.close();
    } catch (VideoException | RuntimeException e) {
      overlayProblem = "overlay not finished: " + message(e);
    }
    overlay = null;
  }

  private void stopWriting(String reason) {
    writeError = reason;
    LOG.error("{}: {}", video.path(), reason);
    closeOverlay();
  }

  /**
   * Finishes the video's files and says how it went: failed if it could not be read to its end or
   * its outputs could not be written.
   */
  VideoResult finish(VideoElement.End end) {
    if (overlay != null) {
      try {
        overlay.holdLastFrameUntil(end.endMicros()); // frames sampling left out at the end
      } catch (VideoException | RuntimeException e) {
        overlayProblem = "overlay ends early: " + message(e);
      }
    }
    closeOverlay();
    if (stats != null) {
      try {
        stats.close();
      } catch (VideoException e) {
        writeError = writeError != null ? writeError : message(e);
      }
    }
    String error = end.readError() != null ? end.readError() : writeError;
    try {
      Files.createDirectories(dir);
      writeSummary(end, error);
      if (error != null) {
        Files.writeString(dir.resolve("error.txt"), error + System.lineSeparator());
      }
      if (video.outputIsUri()) {
        SharedStorageCopy.uploadTree(dir, video.outputDir());
        deleteTree(dir);
      }
    } catch (IOException | RuntimeException e) {
      error = error != null ? error : "cannot write the outputs: " + message(e);
      LOG.error("{}: {}", video.path(), error);
    }
    LOG.info(
        "Wrote {} masks of {} to {}{}",
        written,
        video.path(),
        video.outputDir(),
        error == null ? "" : " (" + error + ")");
    return new VideoResult(
        video.cameraId(), end.framesRead(), written, expectedFrames, error, true);
  }

  private void writeSummary(VideoElement.End end, String error) throws IOException {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("video", video.path());
    summary.put("camera", video.cameraId());
    summary.put("status", error == null ? "ok" : "failed");
    if (error != null) {
      summary.put("error", error);
    }
    summary.put("frames", written);
    summary.put("framesRead", end.framesRead());
    summary.put("declaredFrames", expectedFrames);
    if (end.framesRefused() > 0) {
      summary.put("framesRefused", end.framesRefused());
      summary.put("firstRefusal", end.firstRefusal());
    }
    summary.put("elapsedSeconds", (System.nanoTime() - startNanos) / 1e9);
    summary.put("labelingSeconds", labelingMs / 1000);
    List<String> outputs = new ArrayList<>(List.of("masks/", "stats.jsonl"));
    if (model != null) {
      summary.put("width", width);
      summary.put("height", height);
      summary.put("model", model.modelId() + ":" + model.modelVersion());
      summary.put("labelSet", model.labelSetId());
      Map<String, Double> mean = new LinkedHashMap<>();
      for (int c = 0; c < model.classNames().size(); c++) {
        double sum = 0;
        for (float[] s : shares) {
          sum += s[c];
        }
        mean.put(model.classNames().get(c), sum / shares.size());
      }
      summary.put("meanClassShares", mean);
      SharesPlot.write(
          dir.resolve("shares.png"),
          video.file().getFileName() + ": class shares",
          model.labelSet(),
          seconds,
          shares);
      if (overlayProblem == null) {
        outputs.add("overlay.mp4");
      }
      outputs.add("shares.png");
    }
    if (overlayProblem != null) {
      summary.put("overlayProblem", overlayProblem);
    }
    outputs.add("summary.json");
    if (error != null) {
      outputs.add("error.txt");
    }
    summary.put("outputs", outputs);
    JSON.writeValue(dir.resolve("summary.json").toFile(), summary);
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
