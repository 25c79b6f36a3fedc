package dev.scenelabeler.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * What the failover ITs share around a {@link FailoverDrill}: a fresh work directory, settings from
 * the build's system properties, and the clean-up after a passed run.
 */
final class DrillSetup {

  /**
   * Where a cluster keeps copies of the job jar: the snapshot, the upload, the blobs, temp files.
   */
  private static final List<String> JOB_JAR_COPIES =
      List.of("usrlib", "web-upload", "blobs", "web-tmp", "tmp");

  private DrillSetup() {}

  /**
   * A new directory {@code target/NAME/MILLIS}; under target/, not a temp dir, so the processes'
   * logs stay for a look after a failure.
   */
  static Path newWorkDir(String name) {
    return Path.of("target", name, Long.toString(System.currentTimeMillis())).toAbsolutePath();
  }

  /**
   * The drill on the project's street clip, 96x72 at 10 fps per camera, natives parent-first; Flink
   * home, job jar and project root from the build ({@code flink.home}, {@code job.jar}, {@code
   * project.root}).
   */
  static FailoverDrill.Settings streetClip(
      Path workDir, int framesBeforeRestart, int framesAfterRestart) {
    Path root = Path.of(System.getProperty("project.root", ".."));
    return new FailoverDrill.Settings(
        new FlinkHome(Path.of(System.getProperty("flink.home", "target/flink"))),
        Path.of(System.getProperty("job.jar")),
        workDir,
        root.resolve("test-data/street/street-480x360-15fps.mp4"),
        framesBeforeRestart,
        framesAfterRestart,
        10,
        96,
        72,
        true);
  }

  /** After a passed run: keep the logs, drop the copies of the job jar (~200 MB each). */
  static void deleteCopiesOfTheJobJar(Path workDir) throws IOException {
    for (String dir : JOB_JAR_COPIES) {
      Path path = workDir.resolve(dir);
      if (Files.exists(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
