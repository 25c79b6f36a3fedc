package dev.scenelabeler.jobs.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The test-data street clip that {@code demo} and {@code bench-pipeline} play when no video is given. */
public final class DemoClip {

  private static final Logger LOG = LoggerFactory.getLogger(DemoClip.class);
  public static final String RELATIVE_PATH = "test-data/street/street-480x360-15fps.mp4";

  private DemoClip() {}

  /** The test-data clip, found from the working directory or from where this code was loaded. */
  public static Path locate() {
    Path local = Path.of(RELATIVE_PATH);
    if (Files.isReadable(local)) {
      return local;
    }
    try {
      Path code = Path.of(DemoClip.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(RELATIVE_PATH);
        if (Files.isReadable(candidate)) {
          return candidate;
        }
      }
    } catch (Exception e) {
      LOG.debug("locating the test-data clip", e);
    }
    throw new IllegalArgumentException("test-data clip not found (" + RELATIVE_PATH + "); pass --video FILE");
  }}
