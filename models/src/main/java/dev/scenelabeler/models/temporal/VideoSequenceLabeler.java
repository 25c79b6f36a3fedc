package dev.scenelabeler.models.temporal;

import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Labels the frames of one video (one camera) in order with a {@link TemporalFilter}, keeping its
 * state between calls; with the filter off, exactly as {@link SceneLabeler#label}. Not thread-safe;
 * the labeler stays the caller's.
 */
public final class VideoSequenceLabeler {

  private final SceneLabeler labeler;
  private final TemporalFilter filter;
  private TemporalState state;
  private TemporalFilter.Outcome lastOutcome;

  public VideoSequenceLabeler(SceneLabeler labeler, TemporalFilterSettings settings) {
    this.labeler = labeler;
    this.filter = settings.isOff() ? null : new TemporalFilter(settings, labeler.info().labelSet());
  }

  /** Labels the next frame of the video; {@code at} its index and presentation time. */
  public SceneMask label(Mat bgr, FramePosition at) {
    if (filter == null) {
      lastOutcome = TemporalFilter.Outcome.STARTED;
      return labeler.label(bgr);
    }
    TemporalFilter.Step step = filter.apply(labeler.scoreBatch(List.of(bgr)).get(0), at, state);
    state = step.state();
    lastOutcome = step.outcome();
    return step.mask();
  }

  /** What the filter did with the last frame. */
  public TemporalFilter.Outcome lastOutcome() {
    return lastOutcome;
  }
}
