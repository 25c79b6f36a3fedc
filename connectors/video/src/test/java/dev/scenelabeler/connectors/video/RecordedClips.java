package dev.scenelabeler.connectors.video;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Files as phones, dashcams and editors leave them, made from the test clip with the FFmpeg command
 * line (Debian's {@code ffmpeg}; {@code .ci/run} installs it). Tests that need one are skipped with
 * a message where {@code ffmpeg} is not on the PATH.
 */
public final class RecordedClips {

  private RecordedClips() {}

  /**
   * Stored sideways (turned 90 degrees counter-clockwise) with a rotation tag saying so: players
   * show it upright.
   */
  public static Path rotated(Path dir) throws Exception {
    Path stored = dir.resolve("stored-sideways.mp4");
    ffmpeg(
        "-i",
        TestData.clip().toString(),
        "-vf",
        "transpose=2",
        "-c:v",
        "libx264",
        "-crf",
        "12",
        stored.toString());
    Path tagged = dir.resolve("rotated.mp4");
    ffmpeg(
        "-i", stored.toString(), "-c", "copy", "-metadata:s:v:0", "rotate=270", tagged.toString());
    return tagged;
  }

  /**
   * Cut at 1.5 s by stream copy: the copy starts at the key frame before (1.0 s) and an edit list
   * hides 8 frames.
   */
  public static Path trimmedByStreamCopy(Path dir) throws Exception {
    Path trimmed = dir.resolve("trimmed.mp4");
    ffmpeg("-ss", "1.5", "-i", TestData.clip().toString(), "-c", "copy", trimmed.toString());
    return trimmed;
  }

  /** 479x361, H.264 High 4:4:4 (yuv444p): a size yuv420p cannot hold. */
  public static Path oddSize(Path dir) throws Exception {
    Path odd = dir.resolve("odd-479x361.mp4");
    ffmpeg(
        "-i",
        TestData.clip().toString(),
        "-vf",
        "scale=479:361",
        "-pix_fmt",
        "yuv444p",
        "-c:v",
        "libx264",
        odd.toString());
    return odd;
  }

  /**
   * The test clip with a camera's {@code creation_time} tag (ISO 8601, UTC) in its container, by
   * stream copy.
   */
  public static Path recordedAt(Path dir, String creationTime) throws Exception {
    Path tagged = dir.resolve("recorded-at.mp4");
    ffmpeg(
        "-i",
        TestData.clip().toString(),
        "-c",
        "copy",
        "-metadata",
        "creation_time=" + creationTime,
        tagged.toString());
    return tagged;
  }

  /** Runs the ffmpeg command line; skips the test (an assumption) where it is not installed. */
  public static void ffmpeg(String... arguments) throws Exception {
    assumeTrue(
        onPath("ffmpeg"),
        "ffmpeg is not installed (apt-get install ffmpeg; .ci/run does): skipping");
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }
}
