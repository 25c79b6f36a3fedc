package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.video.FrameSourceOptions;
import java.io.Serializable;

/**
 * Which frames of a video are labeled and at what size, as serializable settings; the
 * reader and the overlay writer both turn them into the same {@link FrameSourceOptions}, so
 * they see the same frames.
 *
 * @param every keep every n-th frame (0: not set)
 * @param fps keep at most this many frames per second (0: not set)
 * @param width resize width (0: stored size)
 * @param height resize height (0: stored size)
 */
public record Sampling(int every, double fps, int width, int height) implements Serializable {

  public static final Sampling ALL_FRAMES = new Sampling(0, 0, 0, 0);

  public FrameSourceOptions toOptions() {
    FrameSourceOptions options = FrameSourceOptions.defaults();
    if (every > 0) {
      options = options.every(every);
    }
    if (fps > 0) {
      options = options.fps(fps);
    }
    if (width > 0 && height > 0) {
      options = options.resize(width, height);
    }
    return options;
  }
}
