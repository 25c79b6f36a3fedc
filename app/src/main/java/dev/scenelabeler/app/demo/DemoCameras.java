package dev.scenelabeler.app.demo;

import dev.scenelabeler.app.local.DemoClip;
import dev.scenelabeler.connectors.publish.CameraFeed;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cameras a demo replays: the user's videos when given, else committed clips by name. By
 * default the real drive, so a first look at the product is real street video.
 */
final class DemoCameras {

  /** Committed clip name -> camera id and path, in the order {@code --clips} lists them in help. */
  static final Map<String, Clip> CLIPS = clips();

  static final String DEFAULT_CLIPS = "drive";

  record Clip(String cameraId, String relativePath) {}

  private DemoCameras() {}

  private static Map<String, Clip> clips() {
    Map<String, Clip> clips = new LinkedHashMap<>();
    clips.put("drive", new Clip("sf-drive", DemoClip.REAL_DRIVE));
    clips.put("walk", new Clip("sidewalk-walk", DemoClip.REAL_WALK));
    clips.put("street", new Clip("synthetic-street", DemoClip.SYNTHETIC_STREET));
    return Collections.unmodifiableMap(clips);
  }

  /**
   * One feed per {@code videos} entry ({@code CAMERA=FILE}, or {@code FILE} as camera {@code
   * cam-N}); with none, one per committed clip named in {@code clips}.
   *
   * @throws IllegalArgumentException naming an unreadable video or an unknown clip
   */
  static List<CameraFeed> feeds(List<String> videos, List<String> clips) {
    List<CameraFeed> feeds = new ArrayList<>();
    if (!videos.isEmpty()) {
      for (int i = 0; i < videos.size(); i++) {
        CameraFeed feed =
            CameraFeed.parse(videos.get(i), videos.get(i).contains("=") ? null : "cam-" + (i + 1));
        if (!Files.isReadable(Path.of(feed.description()))) {
          throw new IllegalArgumentException(
              "cannot read video " + Path.of(feed.description()).toAbsolutePath());
        }
        feeds.add(feed);
      }
      return feeds;
    }
    if (clips.isEmpty()) {
      throw new IllegalArgumentException(
          "--clips names no clip; choose from " + String.join(", ", CLIPS.keySet()));
    }
    for (String name : clips) {
      Clip clip = CLIPS.get(name.trim());
      if (clip == null) {
        throw new IllegalArgumentException(
            "--clips: unknown clip '"
                + name
                + "'; choose from "
                + String.join(", ", CLIPS.keySet()));
      }
      feeds.add(CameraFeed.of(clip.cameraId(), DemoClip.locate(clip.relativePath())));
    }
    return feeds;
  }
}
