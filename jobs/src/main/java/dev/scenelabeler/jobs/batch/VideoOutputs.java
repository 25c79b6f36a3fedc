package dev.scenelabeler.jobs.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.MaskPngWriter;
import dev.scenelabeler.connectors.video.OverlayVideoWriter;
import dev.scenelabeler.connectors.video.StatsJsonLinesWriter;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything written for one video, mask by mask in frame order: {@code masks/mask-NNNNNN.png}
 * (the mask record's own lossless PNG, byte for byte), {@code stats.jsonl}, {@code overlay.mp4}
 * (the source decoded a second time and blended with the masks, at the source frame rate),
 * and at the end {@code summary.json} and {@code shares.png}.
 */
final class VideoOutputs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(VideoOutputs.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  static final double OVERLAY_OPACITY = 0.45;

  private final VideoInput video;
  private final Sampling sampling;
  private final BatchProgress.VideoProgress progress;
  private final MaskPngWriter masks;
  private final StatsJsonLinesWriter stats;
  private final long startNanos = System.nanoTime();
  private final List<Double> seconds = new ArrayList<>();
  private final List<float[]> shares = new ArrayList<>();
  private FrameSource frames; // the source again, for the overlay
  private OverlayVideoWriter overlay;
  private String overlayProblem;
  private MaskRecord first;
  private long written;

  VideoOutputs(VideoInput video, Sampling sampling, BatchProgress.VideoProgress progress) throws IOException {
    this.video = video;
    this.sampling = sampling;
    this.progress = progress;
    Path masksDir = video.output().resolve("masks");
    Files.createDirectories(masksDir);
    this.masks = new MaskPngWriter(masksDir);
    this.stats = StatsJsonLinesWriter.open(video.output().resolve("stats.jsonl"));
  }

  void write(MaskRecord mask) throws IOException {
    if (first == null) {
      first = mask;
      openOverlay(mask);
    }
    masks.writePng(mask.sequence(), mask.maskPng()); // the record's PNG as is, not encoded again
    stats.write(MaskStats.of(mask));
    seconds.add(mask.captureTimestampMs() / 1000.0);
    shares.add(mask.classFractions());
    if (overlay != null) {
      blend(mask);
    }
    written++;
    progress.framesWritten.incrementAndGet();
  }

  private void openOverlay(MaskRecord mask) {
    if (mask.width() % 2 != 0 || mask.height() % 2 != 0) {
      overlayProblem = "no overlay: H.264 needs an even frame size, frames are " + mask.width() + "x" + mask.height();
      LOG.warn("{}: {}", video.path(), overlayProblem);
      return;
    }
    try {
      frames = FrameSource.open(video.file(), sampling.toOptions());
      overlay = OverlayVideoWriter.open(video.output().resolve("overlay.mp4"), mask.width(), mask.height(),
          frames.info().frameRate() / Math.max(1, sampling.every()), mask.labelSet().paletteRgb(), OVERLAY_OPACITY);
    } catch (VideoException e) {
      overlayProblem = "no overlay: " + e.getMessage();
      LOG.warn("{}: {}", video.path(), overlayProblem);
      closeOverlay();
    }
  }

  /** Advances the second decode to the mask's frame and appends the blend. */
  private void blend(MaskRecord mask) {
    try {
      while (true) {
        Optional<VideoFrame> next = frames.next();
        if (next.isEmpty()) {
          throw new IllegalStateException("source ended before frame " + mask.sequence());
        }
        VideoFrame frame = next.get();
        try {
          if (frame.index() == mask.sequence()) {
            overlay.write(frame.bgr(), mask.width(), mask.height(), mask.classIndices());
            return;
          }
          if (frame.index() > mask.sequence()) {
            throw new IllegalStateException("frame " + mask.sequence() + " missing on the second decode");
          }
        } finally {
          frame.bgr().release();
        }
      }
    } catch (VideoException | RuntimeException e) {
      overlayProblem = "overlay stopped at frame " + mask.sequence() + ": " + e.getMessage();
      LOG.warn("{}: {}", video.path(), overlayProblem);
      closeOverlay();
    }
  }

  private void closeOverlay() {
    try {
      if (overlay != null) {
        overlay.close();
      }
    } catch (VideoException e) {
      overlayProblem = "overlay not finished: " + e.getMessage();
    }
    overlay = null;
    if (frames != null) {
      try {
        frames.close();
      } catch (Exception e) {
        LOG.debug("closing the overlay's source", e);
      }
      frames = null;
    }
  }

  @Override
  public void close() throws IOException {
    closeOverlay();
    stats.close();
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("video", video.path());
    summary.put("camera", video.cameraId());
    summary.put("frames", written);
    summary.put("expectedFrames", progress.expectedFrames());
    summary.put("elapsedSeconds", (System.nanoTime() - startNanos) / 1e9);
    if (first != null) {
      summary.put("width", first.width());
      summary.put("height", first.height());
      summary.put("model", first.modelId() + ":" + first.modelVersion());
      summary.put("labelSet", first.labelSet().id());
      Map<String, Double> mean = new LinkedHashMap<>();
      for (int c = 0; c < first.labelSet().classCount(); c++) {
        double sum = 0;
        for (float[] s : shares) {
          sum += s[c];
        }
        mean.put(first.labelSet().classNames().get(c), sum / shares.size());
      }
      summary.put("meanClassShares", mean);
      SharesPlot.write(video.output().resolve("shares.png"), video.file().getFileName() + ": class shares",
          first.labelSet().classNames(), first.labelSet().paletteRgb(), seconds, shares);
    }
    summary.put("outputs", List.of("masks/", "stats.jsonl", overlay == null && overlayProblem != null ? null : "overlay.mp4",
        "shares.png", "summary.json").stream().filter(java.util.Objects::nonNull).toList());
    if (overlayProblem != null) {
      summary.put("overlayProblem", overlayProblem);
    }
    if (progress.error() != null) {
      summary.put("sourceError", progress.error());
    }
    JSON.writeValue(video.output().resolve("summary.json").toFile(), summary);
    progress.written = true;
    LOG.info("Wrote {} masks of {} to {}", written, video.path(), video.outputDir());
  }
}
