package dev.scenelabeler.jobs.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed files under test-data/ (the repository's, seen from the jobs module). */
public final class TestDataFiles {

  private TestDataFiles() {}

  public static Path root() {
    Path dir =
        Path.of(System.getProperty("test.data.dir", "../test-data")).toAbsolutePath().normalize();
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("test-data not found at " + dir + " (set -Dtest.data.dir)");
    }
    return dir;
  }

  public static Path streetClip() {
    return root().resolve("street/street-480x360-15fps.mp4");
  }

  public static Path corruptJpeg() {
    return root().resolve("bad/corrupt.jpg");
  }

  public static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
