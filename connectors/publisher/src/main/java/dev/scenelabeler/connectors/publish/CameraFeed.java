package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.VideoException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One camera to replay: its id and where its frames come from (opened again for each pass with
 * {@code --loop}).
 *
 * @param cameraId the camera id written in every frame record and used as the Kafka key
 * @param description where the frames come from, for logs and errors
 * @param opener opens the frames, with the publisher's sampling/resize options
 */
public record CameraFeed(String cameraId, String description, Opener opener) {

  /** Opens a fresh pass over a camera's frames. */
  @FunctionalInterface
  public interface Opener {
    FrameSource open(FrameSourceOptions options) throws VideoException;
  }

  public CameraFeed {
    Objects.requireNonNull(cameraId, "cameraId");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(opener, "opener");
    if (cameraId.isBlank()) {
      throw new IllegalArgumentException("camera id must not be blank");
    }
  }

  /** A video file, or a folder of images in name order. */
  public static CameraFeed of(String cameraId, Path videoOrFolder) {
    return new CameraFeed(
        cameraId, videoOrFolder.toString(), options -> FrameSource.open(videoOrFolder, options));
  }

  /**
   * Parses {@code CAMERA=PATH}, or a bare {@code PATH} whose camera id is {@code defaultId} (a bare
   * path with no default takes the file name without extension).
   */
  public static CameraFeed parse(String spec, String defaultId) {
    int equals = spec.indexOf('=');
    if (equals == 0 || equals == spec.length() - 1) {
      throw new IllegalArgumentException("source '" + spec + "' should be CAMERA=PATH or PATH");
    }
    if (equals > 0) {
      return of(spec.substring(0, equals), Path.of(spec.substring(equals + 1)));
    }
    Path path = Path.of(spec);
    if (defaultId != null) {
      return of(defaultId, path);
    }
    String name = path.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return of(dot > 0 ? name.substring(0, dot) : name, path);
  }
}
