package dev.scenelabeler.jobs.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code summary.json} of a whole {@code label-video} run, in the output root: every video given,
 * ok or failed with the reason, so a run over many files can be checked in one place.
 */
public final class RunSummary {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private RunSummary() {}

  /**
   * Writes {@code root/summary.json}; returns its path.
   *
   * @param results one per video, in the order of {@code videos}
   */
  public static Path write(
      Path root, List<VideoInput> videos, List<VideoResult> results, double elapsedSeconds)
      throws IOException {
    Files.createDirectories(root);
    Path file = root.resolve("summary.json");
    JSON.writeValue(file.toFile(), summary(videos, results, elapsedSeconds));
    return file;
  }

  /**
   * Writes {@code root/summary.json} where {@code root} is a local or shared folder or a folder on
   * a Flink file system; returns where it went.
   */
  public static String write(
      String root, List<VideoInput> videos, List<VideoResult> results, double elapsedSeconds)
      throws IOException {
    if (!SharedStorageCopy.isUri(root) || root.startsWith("file:")) {
      Path local = root.startsWith("file:") ? Path.of(URI.create(root)) : Path.of(root);
      return write(local, videos, results, elapsedSeconds).toString();
    }
    Path staging = Files.createTempDirectory("scene-labeler-run-");
    try {
      JSON.writeValue(
          staging.resolve("summary.json").toFile(), summary(videos, results, elapsedSeconds));
      SharedStorageCopy.uploadTree(staging, root);
    } finally {
      Files.deleteIfExists(staging.resolve("summary.json"));
      Files.deleteIfExists(staging);
    }
    return VideoInputs.child(root, "summary.json");
  }

  private static Map<String, Object> summary(
      List<VideoInput> videos, List<VideoResult> results, double elapsedSeconds) {
    List<Map<String, Object>> entries = new ArrayList<>();
    long failed = 0;
    for (int i = 0; i < videos.size(); i++) {
      VideoInput video = videos.get(i);
      VideoResult result = results.get(i);
      Map<String, Object> entry = new LinkedHashMap<>();
      entry.put("video", video.path());
      entry.put("camera", video.cameraId());
      entry.put("status", result.ok() ? "ok" : "failed");
      entry.put("frames", result.framesWritten());
      entry.put("output", video.outputDir());
      if (!result.ok()) {
        failed++;
        entry.put("error", result.error() != null ? result.error() : "not finished");
      }
      entries.add(entry);
    }
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("videos", entries.size());
    summary.put("ok", entries.size() - failed);
    summary.put("failed", failed);
    summary.put("elapsedSeconds", elapsedSeconds);
    summary.put("results", entries);
    return summary;
  }
}
