package dev.scenelabeler.models.temporal;

import java.io.Serializable;
import java.util.Locale;

/**
 * How a {@link TemporalFilter} blends a camera's frames, or that it is off. Declared once here,
 * with its flag and help, for every command and job that labels video. Serializable: streaming jobs
 * carry it to the task managers.
 *
 * @param keep the weight of the motion-compensated history at a well-matched cell of the next frame
 *     (0 = off), before the time and match discounts below
 * @param timeConstantMs the history's weight falls by {@code exp(-gap / timeConstantMs)} with the
 *     time between frames: old evidence counts less
 * @param maxGapMs a longer time between two frames of a camera starts it afresh (a pause, a camera
 *     that came back, skipped frames)
 * @param matchTolerance grey levels (0..255) of difference between a cell and its
 *     motion-compensated predecessor at which the history's weight falls to 0: where the flow is
 *     wrong or something appeared, the new frame decides
 * @param sceneCutShare the share of cells with nothing to carry (out of view, or differing by
 *     {@code matchTolerance} or more from their predecessor) above which the frame is a new scene
 *     and starts afresh
 */
public record TemporalFilterSettings(
    double keep, double timeConstantMs, long maxGapMs, double matchTolerance, double sceneCutShare)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String FLAG = "--temporal-filter";
  public static final String PARAM_LABEL = "flow|off";
  public static final String DESCRIPTION =
      "Blend each camera's (video's) masks over time to stop them flickering: 'flow' carries the"
          + " class probabilities of the previous frame along optical flow and blends them with"
          + " the new frame's where the two match; 'off' labels every frame alone";

  private static final String FLOW = "flow";
  private static final String OFF = "off";

  public TemporalFilterSettings {
    if (!(keep >= 0 && keep < 1)) {
      throw new IllegalArgumentException("keep must be in [0, 1), got " + keep);
    }
    if (!(timeConstantMs > 0)
        || maxGapMs < 0
        || !(matchTolerance > 0)
        || !(sceneCutShare > 0 && sceneCutShare <= 1)) {
      throw new IllegalArgumentException(
          "time constant, gap, tolerance and scene-cut level must be positive");
    }
  }

  /** The filter as shipped: see models/MODEL.md, "Temporal filter", for how it was chosen. */
  public static TemporalFilterSettings flow() {
    return new TemporalFilterSettings(0.7, 1000, 750, 40, 0.6);
  }

  public static TemporalFilterSettings off() {
    return new TemporalFilterSettings(0, 1000, 0, 1, 1);
  }

  public boolean isOff() {
    return keep == 0;
  }

  /**
   * Reads {@code flow} or {@code off}.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static TemporalFilterSettings parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (t) {
      case FLOW -> flow();
      case OFF -> off();
      default ->
          throw new IllegalArgumentException(
              "the temporal filter must be '" + FLOW + "' or '" + OFF + "', got '" + text + "'");
    };
  }

  /** The text {@link #parse} reads back ({@code flow} for any filter that is on). */
  @Override
  public String toString() {
    return isOff() ? OFF : FLOW;
  }
}
