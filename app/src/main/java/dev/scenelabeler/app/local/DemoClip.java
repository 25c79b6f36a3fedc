package dev.scenelabeler.app.local;

import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed clips that local commands play when no video is given: {@code demo} shows the real
 * drive (what a user's camera sees); {@code bench-pipeline} and tests play the synthetic street,
 * whose exact labels and fixed 480x360 size keep their numbers comparable run to run.
 */
public final class DemoClip {

  private static final Logger LOG = LoggerFactory.getLogger(DemoClip.class);

  /** Synthetic, 480x360, 15 frames/s, with exact labels (test-data/README.md). */
  public static final String SYNTHETIC_STREET = "test-data/street/street-480x360-15fps.mp4";

  /** Real car camera in San Francisco, 960x540, 10 frames/s (test-data/real/README.md). */
  public static final String REAL_DRIVE = "test-data/real/pandaset-002-front-960x540-10fps.mp4";

  /** Real hand-held camera walking a sidewalk, 848x480, 30 frames/s (test-data/real/README.md). */
  public static final String REAL_WALK = "test-data/real/gopro-max-walk-848x480-30fps.mp4";

  private DemoClip() {}

  /** The synthetic street clip. */
  public static Path locate() {
    return locate(SYNTHETIC_STREET);
  }

  /**
   * A committed clip, found from the working directory or from where this code was loaded.
   *
   * @throws IllegalArgumentException naming the clip when neither has it
   */
  public static Path locate(String relativePath) {
    Path local = Path.of(relativePath);
    if (Files.isReadable(local)) {
      return local;
    }
    try {
      Path code =
          Path.of(DemoClip.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      for (Path dir = code; dir != null; dir = dir.getParent()) {
        Path candidate = dir.resolve(relativePath);
        if (Files.isReadable(candidate)) {
          return candidate;
        }
      }
    } catch (Exception e) {
      LOG.debug("locating the committed clip {}", relativePath, e);
    }
    throw new IllegalArgumentException(
        "committed clip not found (" + relativePath + "); pass --video FILE");
  }
}
