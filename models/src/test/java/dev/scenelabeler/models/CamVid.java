package dev.scenelabeler.models;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Locates ../shared/camvid for tests that need it, skipping them with a clear message where it is
 * absent.
 */
public final class CamVid {
  private CamVid() {}

  public static Path dirOrSkip() {
    Path dir = Path.of(System.getProperty("camvid.dir", "../../shared/camvid"));
    assumeTrue(
        Files.isDirectory(dir.resolve("train")),
        "CamVid not found at "
            + dir.toAbsolutePath()
            + " (set -Dcamvid.dir); skipping a test that needs it");
    return dir;
  }
}
