package dev.scenelabeler.jobs.batch;

import java.util.Objects;
import org.apache.flink.api.connector.source.SourceSplit;

/**
 * One video file, read start to end by one reader so its frames stay in order.
 *
 * @param framesEmitted frames already handed on (a restored split skips them)
 */
public record VideoFileSplit(VideoInput video, long framesEmitted) implements SourceSplit {

  public VideoFileSplit {
    Objects.requireNonNull(video, "video");
  }

  @Override
  public String splitId() {
    return video.cameraId();
  }
}
