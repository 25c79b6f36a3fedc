package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.jobs.batch.RunSummary;
import dev.scenelabeler.jobs.batch.VideoInput;
import dev.scenelabeler.jobs.batch.VideoResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * What {@code label-video} prints once its job is over: the rate, each video's status and files,
 * the run summary, and the exit code.
 */
final class RunReport {
  private final List<VideoInput> videos;
  private final String out;
  private final boolean toKafka;

  /**
   * @param out the output folder, where the run summary goes unless {@code toKafka}
   */
  RunReport(List<VideoInput> videos, String out, boolean toKafka) {
    this.videos = videos;
    this.out = out;
    this.toKafka = toKafka;
  }

  /**
   * Prints the report of a run that took {@code seconds}; {@code jobError}, if the job itself
   * failed, is the reason given for the videos it had not finished.
   *
   * @param results one per video, in the order of the videos
   * @return the exit code: 1 if any video failed, else 0
   */
  int print(List<VideoResult> results, String jobError, double seconds) throws IOException {
    if (jobError != null) { // videos the job had not finished did not get their outputs
      results =
          results.stream()
              .map(
                  r ->
                      r.done()
                          ? r
                          : new VideoResult(
                              r.cameraId(),
                              r.framesRead(),
                              r.framesWritten(),
                              r.expectedFrames(),
                              jobError,
                              true))
              .toList();
    }
    long frames = results.stream().mapToLong(VideoResult::framesWritten).sum();
    System.out.printf(
        "Labeled %d frames of %d video(s) in %.1f s (%.2f frames/s)%n",
        frames, videos.size(), seconds, frames / seconds);
    long failed = 0;
    for (int i = 0; i < videos.size(); i++) {
      VideoInput video = videos.get(i);
      VideoResult r = results.get(i);
      System.out.printf(
          "  %s: %s, %d frames%s%n",
          video.path(), r.status(), r.framesWritten(), toKafka ? "" : " -> " + video.outputDir());
      if (!toKafka && !video.outputIsUri() && Files.isDirectory(video.output())) {
        try (Stream<Path> files = Files.list(video.output())) {
          files
              .sorted()
              .forEach(
                  f ->
                      System.out.println(
                          "      "
                              + f.getFileName()
                              + (Files.isDirectory(f) ? "/ " + count(f) + " files" : "")));
        }
      }
      if (!r.ok()) {
        failed++;
        System.out.println("      ERROR: " + r.error());
      }
    }
    if (!toKafka) {
      System.out.println("Run summary: " + RunSummary.write(out, videos, results, seconds));
    }
    if (failed > 0) {
      System.err.printf(
          "error: %d of %d video(s) failed (see above; the others were labeled in full)%n",
          failed, videos.size());
      return 1;
    }
    return 0;
  }

  private static long count(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      return -1;
    }
  }
}
