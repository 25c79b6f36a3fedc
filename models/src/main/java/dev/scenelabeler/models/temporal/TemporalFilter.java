package dev.scenelabeler.models.temporal;

import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneMask;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.video.DISOpticalFlow;

/**
 * Carries a camera's class probabilities from frame to frame so its masks stop flickering. At the
 * network's stride-4 grid (160x90 cells for a 16:9 frame): the new frame's scores become
 * probabilities; dense optical flow (OpenCV DIS) from the new frame back to the previous one, both
 * in grey at that grid, tells where each cell was; the previous filtered probabilities sampled
 * there are blended in with weight {@code keep}, discounted by the time since the previous frame
 * and by how badly the cell matches its predecessor (occlusions, wrong flow, things that appeared);
 * the mask is the arg-max of the blend at the frame's size. Pedestrians are not blended ({@link
 * #UNSMOOTHED}). Its cost is a few milliseconds per frame at any frame size, as the grid is the
 * working size's.
 *
 * <p>The history is dropped (the frame labeled as if alone) when the frame's size changes, the
 * camera restarts (its sequence goes back while its clock goes on), more than {@code maxGapMs}
 * passed, or the frame as a whole does not match its predecessor (a scene cut). A frame older than
 * the state (late, out of order) is labeled alone and leaves the state as it was.
 *
 * <p>Not thread-safe (the flow object is reused): one per labeling thread; the state is the
 * caller's, one per camera.
 */
public final class TemporalFilter {

  /**
   * The class whose probability is the new frame's own, never blended: pedestrians are a few cells
   * of the grid and move on their own, so a blend misaligned by a cell erases them (blended like
   * the rest, the pedestrian share of a clip's pixels fell by a third; unblended it stays within 6%
   * of the unfiltered share, models/MODEL.md). A pedestrian the network is unsure of can still lose
   * to a background the history is sure of.
   */
  static final String UNSMOOTHED = "pedestrian";

  /**
   * DIS needs a side of 12 pixels at the scale it works at (every second cell): below this longest
   * side of the grid (frames under 128 pixels at the working size) there is no flow, the camera is
   * taken as still and the match test alone decides.
   */
  static final int MIN_FLOW_CELLS = 32;

  private final TemporalFilterSettings settings;
  private final int unsmoothedClass;
  private final DISOpticalFlow dis;

  /**
   * @param labels the model's label set: its {@code pedestrian} class, if any, is not smoothed
   */
  public TemporalFilter(TemporalFilterSettings settings, LabelSet labels) {
    OpenCv.load();
    this.settings = settings;
    this.unsmoothedClass = labels.names().indexOf(UNSMOOTHED);
    this.dis = DISOpticalFlow.create(DISOpticalFlow.PRESET_ULTRAFAST);
    dis.setFinestScale(1); // every second cell: as good a filter here, a third of the time
  }

  public TemporalFilterSettings settings() {
    return settings;
  }

  /** What the filter did with a frame. */
  public enum Outcome {
    /** Blended with the camera's history. */
    FILTERED,
    /** The camera's first frame, or the filter is off. */
    STARTED,
    /** The frame size changed: history dropped. */
    RESIZED,
    /** The sequence went back while the clock went on: history dropped. */
    RESTARTED,
    /** Too long since the previous frame (or the clock went back): history dropped. */
    GAP,
    /** The frame does not match its predecessor: history dropped. */
    SCENE_CUT,
    /** Older than the history: labeled alone, history kept as it was. */
    OUT_OF_ORDER;

    public boolean filtered() {
      return this == FILTERED;
    }
  }

  /**
   * One frame's result.
   *
   * @param mask the frame's mask, its size
   * @param state the camera's state to keep for its next frame (the previous one when {@link
   *     Outcome#OUT_OF_ORDER}; null when the filter is off)
   */
  public record Step(SceneMask mask, TemporalState state, Outcome outcome) {}

  /**
   * Filters one frame of a camera.
   *
   * @param scores the frame's scores ({@code SceneLabeler.scoreBatch})
   * @param at where the frame stands in its camera's sequence
   * @param previous the camera's state after its previous frame; null for its first
   */
  public Step apply(FrameScores scores, FramePosition at, TemporalState previous) {
    if (settings.isOff()) {
      return new Step(scores.toMask(), null, Outcome.STARTED);
    }
    Outcome start = startOrKeep(scores, at, previous);
    if (start == Outcome.OUT_OF_ORDER) {
      return new Step(scores.toMask(), previous, start);
    }
    float[] probabilities = scores.probabilities();
    byte[] grey = scores.grey();
    if (start == Outcome.FILTERED) {
      double keep =
          settings.keep()
              * Math.exp(-(at.captureMs() - previous.captureMs()) / settings.timeConstantMs());
      if (!blend(probabilities, grey, previous, keep)) {
        start = Outcome.SCENE_CUT;
      }
    }
    float confidence =
        FrameScores.meanTopProbability(probabilities, scores.classes(), scores.cells());
    // Blended: the arg-max of the blend; alone: of the logits, as the labeler labels without a
    // filter (the confidence is the same softmax either way).
    SceneMask mask =
        scores.maskOf(start == Outcome.FILTERED ? probabilities : scores.logits(), confidence);
    TemporalState state =
        new TemporalState(
            scores.frameWidth(),
            scores.frameHeight(),
            scores.scoreWidth(),
            scores.scoreHeight(),
            scores.classes(),
            quantize(probabilities),
            grey,
            at.sequence(),
            at.captureMs());
    return new Step(mask, state, start);
  }

  /** Whether the frame can use {@code previous}: FILTERED if so, else why not. */
  private Outcome startOrKeep(FrameScores scores, FramePosition at, TemporalState previous) {
    if (previous == null) {
      return Outcome.STARTED;
    }
    if (previous.frameWidth() != scores.frameWidth()
        || previous.frameHeight() != scores.frameHeight()
        || previous.scoreWidth() != scores.scoreWidth()
        || previous.scoreHeight() != scores.scoreHeight()
        || previous.classes() != scores.classes()) {
      return Outcome.RESIZED;
    }
    if (at.sequence() <= previous.sequence()) {
      return at.captureMs() > previous.captureMs() ? Outcome.RESTARTED : Outcome.OUT_OF_ORDER;
    }
    long gap = at.captureMs() - previous.captureMs();
    return gap < 0 || gap > settings.maxGapMs() ? Outcome.GAP : Outcome.FILTERED;
  }

  /**
   * Blends the motion-compensated {@code previous} into {@code probabilities} in place, cell by
   * cell; false (nothing blended) when the frame as a whole does not match its predecessor.
   */
  private boolean blend(float[] probabilities, byte[] grey, TemporalState previous, double keep) {
    int w = previous.scoreWidth();
    int h = previous.scoreHeight();
    int cells = w * h;
    float[] flow = flowBack(grey, previous.grey(), w, h);
    // Per cell: the corner of the 2x2 cells its predecessor lies in (-1: nothing to carry), and
    // the bilinear weights of those four times the history's weight, over 255 (bytes to 0..1).
    int[] corner = new int[cells];
    float[] taps = new float[4 * cells];
    float[] weight = new float[cells];
    int right = w > 1 ? 1 : 0;
    int down = h > 1 ? w : 0;
    double tolerance = settings.matchTolerance();
    int unmatched = 0; // cells with nothing to carry: out of view, or nothing like before
    byte[] prevGrey = previous.grey();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = y * w + x;
        float sx = x + flow[2 * i];
        float sy = y + flow[2 * i + 1];
        corner[i] = -1;
        if (sx < 0 || sy < 0 || sx > w - 1 || sy > h - 1) {
          unmatched++; // came into view: nothing to carry
          continue;
        }
        int x0 = Math.min((int) sx, Math.max(0, w - 2));
        int y0 = Math.min((int) sy, Math.max(0, h - 2));
        int at = y0 * w + x0;
        float ax = Math.min(1, sx - x0);
        float ay = Math.min(1, sy - y0);
        float k00 = (1 - ax) * (1 - ay);
        float k01 = ax * (1 - ay);
        float k10 = (1 - ax) * ay;
        float k11 = ax * ay;
        float sampled =
            k00 * (prevGrey[at] & 0xFF)
                + k01 * (prevGrey[at + right] & 0xFF)
                + k10 * (prevGrey[at + down] & 0xFF)
                + k11 * (prevGrey[at + down + right] & 0xFF);
        double error = Math.abs((grey[i] & 0xFF) - sampled);
        unmatched += error >= tolerance ? 1 : 0;
        float kept = (float) (keep * Math.max(0, 1 - error / tolerance));
        if (kept > 0) {
          corner[i] = at;
          weight[i] = kept;
          float scale = kept / 255f;
          taps[4 * i] = k00 * scale;
          taps[4 * i + 1] = k01 * scale;
          taps[4 * i + 2] = k10 * scale;
          taps[4 * i + 3] = k11 * scale;
        }
      }
    }
    if (unmatched > settings.sceneCutShare() * cells) {
      return false;
    }
    byte[] prev = previous.probabilities();
    for (int c = 0; c < previous.classes(); c++) {
      if (c == unsmoothedClass) {
        continue; // small and quick: a blend misaligned by a cell would erase them
      }
      int plane = c * cells;
      for (int i = 0; i < cells; i++) {
        int at = corner[i];
        if (at < 0) {
          continue;
        }
        at += plane;
        float carried =
            taps[4 * i] * (prev[at] & 0xFF)
                + taps[4 * i + 1] * (prev[at + right] & 0xFF)
                + taps[4 * i + 2] * (prev[at + down] & 0xFF)
                + taps[4 * i + 3] * (prev[at + down + right] & 0xFF);
        probabilities[plane + i] += carried - weight[i] * probabilities[plane + i];
      }
    }
    return true;
  }

  /**
   * Flow from the new grey grid to the previous one: where each new cell was, (dx, dy) per cell.
   */
  private float[] flowBack(byte[] now, byte[] before, int w, int h) {
    if (Math.max(w, h) < MIN_FLOW_CELLS) {
      return new float[w * h * 2]; // too small for DIS to match patches: taken as still
    }
    Mat a = new Mat(h, w, CvType.CV_8UC1);
    Mat b = new Mat(h, w, CvType.CV_8UC1);
    Mat flow = new Mat();
    try {
      a.put(0, 0, now);
      b.put(0, 0, before);
      dis.calc(a, b, flow);
      float[] values = new float[w * h * 2];
      flow.get(0, 0, values);
      return values;
    } finally {
      a.release();
      b.release();
      flow.release();
    }
  }

  private static byte[] quantize(float[] probabilities) {
    byte[] q = new byte[probabilities.length];
    for (int i = 0; i < q.length; i++) {
      q[i] = (byte) Math.round(Math.max(0, Math.min(1, probabilities[i])) * 255);
    }
    return q;
  }
}
