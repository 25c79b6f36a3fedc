package dev.scenelabeler.connectors.video;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a source says about itself, before sampling and resizing.
 *
 * @param source the file or folder
 * @param format container or kind, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}, {@code matroska,webm},
 *     {@code avi}, or {@code image-folder}
 * @param frameRate frames per second of the stream (the configured rate for an image folder)
 * @param width frame width in pixels as displayed (after {@code orientation}), before resizing
 * @param height frame height in pixels as displayed (after {@code orientation}), before resizing
 * @param frameCount the frame count the container declares (MP4, AVI, image folder); a hint for
 *     progress, not a promise: an MP4 trimmed by stream copy declares more frames than its edit
 *     list shows. Empty where the container gives none (e.g. Matroska)
 * @param orientation how stored frames are turned to be shown upright (a phone's rotation tag);
 *     every delivered frame is already turned
 * @param creationTime the container's {@code creation_time} tag, which cameras set to when the
 *     recording began; empty where the container has none (or an unreadable one)
 */
public record VideoInfo(
    Path source,
    String format,
    double frameRate,
    int width,
    int height,
    OptionalLong frameCount,
    DisplayOrientation orientation,
    Optional<Instant> creationTime) {

  /** A source whose container says nothing of when it was recorded. */
  public VideoInfo(
      Path source,
      String format,
      double frameRate,
      int width,
      int height,
      OptionalLong frameCount,
      DisplayOrientation orientation) {
    this(source, format, frameRate, width, height, frameCount, orientation, Optional.empty());
  }

  /** An upright source. */
  public VideoInfo(
      Path source,
      String format,
      double frameRate,
      int width,
      int height,
      OptionalLong frameCount) {
    this(source, format, frameRate, width, height, frameCount, DisplayOrientation.UPRIGHT);
  }
}
