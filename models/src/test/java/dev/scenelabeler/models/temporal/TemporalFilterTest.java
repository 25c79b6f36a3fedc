package dev.scenelabeler.models.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneMask;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TemporalFilterTest {

  private static final int W = 40; // score grid; the frame is 4x that
  private static final int H = 30;
  private static final int CLASSES = LabelSet.SCENE6.size();

  private final TemporalFilter filter =
      new TemporalFilter(TemporalFilterSettings.flow(), LabelSet.SCENE6);

  /** A smooth random grey scene the flow can follow. */
  private static byte[] scene(long seed) {
    Random random = new Random(seed);
    float[] coarse = new float[(W / 5 + 2) * (H / 5 + 2)];
    for (int i = 0; i < coarse.length; i++) {
      coarse[i] = 40 + 170 * random.nextFloat();
    }
    byte[] grey = new byte[W * H];
    int cw = W / 5 + 2;
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        float fx = x / 5f;
        float fy = y / 5f;
        int x0 = (int) fx;
        int y0 = (int) fy;
        float ax = fx - x0;
        float ay = fy - y0;
        float top = coarse[y0 * cw + x0] * (1 - ax) + coarse[y0 * cw + x0 + 1] * ax;
        float bottom = coarse[(y0 + 1) * cw + x0] * (1 - ax) + coarse[(y0 + 1) * cw + x0 + 1] * ax;
        grey[y * W + x] = (byte) Math.round(top * (1 - ay) + bottom * ay);
      }
    }
    return grey;
  }

  /** Scores where every cell has logit {@code strong} for {@code base}, 0 for the rest. */
  private static float[] uniform(int base, float strong) {
    float[] logits = new float[CLASSES * W * H];
    for (int i = 0; i < W * H; i++) {
      logits[base * W * H + i] = strong;
    }
    return logits;
  }

  /** Sets cells x0..x1-1 of every row to prefer {@code cls} by {@code margin} over the base. */
  private static float[] withPatch(float[] logits, int cls, float logit, int x0, int x1) {
    float[] copy = logits.clone();
    for (int y = 0; y < H; y++) {
      for (int x = x0; x < x1; x++) {
        copy[cls * W * H + y * W + x] = logit;
      }
    }
    return copy;
  }

  private static FrameScores scores(float[] logits, byte[] grey) {
    return new FrameScores(4 * W, 4 * H, CLASSES, W, H, logits, grey);
  }

  private static FramePosition at(long sequence) {
    return new FramePosition(sequence, 1_000 + 33 * sequence);
  }

  private static long pixelsOf(SceneMask mask, int cls) {
    long n = 0;
    for (byte c : mask.classes()) {
      if (c == cls) {
        n++;
      }
    }
    return n;
  }

  @Test
  void shouldLabelACamerasFirstFrameAsTheLabelerWould() {
    FrameScores first =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.TREE, 5, 0, 10), scene(1));

    TemporalFilter.Step step = filter.apply(first, at(0), null);

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.STARTED);
    assertThat(step.mask()).isEqualTo(first.toMask());
    assertThat(step.state().sequence()).isZero();
  }

  @Test
  void shouldHoldAClassThatWavers() {
    byte[] grey = scene(2);
    TemporalFilter.Step first = filter.apply(scores(uniform(LabelSet.ROAD, 3), grey), at(0), null);
    // The next frame, the same scene, narrowly prefers tree on a band: flicker, not a change.
    FrameScores wavering =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.TREE, 3.5f, 10, 20), grey);
    assertThat(pixelsOf(wavering.toMask(), LabelSet.TREE)).isPositive();

    TemporalFilter.Step second = filter.apply(wavering, at(1), first.state());

    assertThat(second.outcome()).isEqualTo(TemporalFilter.Outcome.FILTERED);
    assertThat(pixelsOf(second.mask(), LabelSet.TREE)).isZero();
  }

  @Test
  void shouldFollowAChangeInTheSceneAtOnce() {
    byte[] grey = scene(3);
    TemporalFilter.Step first = filter.apply(scores(uniform(LabelSet.ROAD, 3), grey), at(0), null);
    byte[] changed = grey.clone();
    for (int y = 0; y < H; y++) {
      for (int x = 10; x < 20; x++) {
        changed[y * W + x] = (byte) ((grey[y * W + x] & 0xFF) > 128 ? 10 : 245); // a new object
      }
    }
    FrameScores tree =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.TREE, 3.5f, 10, 20), changed);

    TemporalFilter.Step second = filter.apply(tree, at(1), first.state());

    assertThat(second.outcome()).isEqualTo(TemporalFilter.Outcome.FILTERED);
    assertThat(pixelsOf(second.mask(), LabelSet.TREE))
        .isGreaterThan(pixelsOf(tree.toMask(), LabelSet.TREE) * 8 / 10);
  }

  @Test
  void shouldKeepAPedestrianTheNewFrameIsSureOf() {
    byte[] grey = scene(4);
    TemporalFilter.Step first = filter.apply(scores(uniform(LabelSet.ROAD, 3), grey), at(0), null);
    FrameScores person =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.PEDESTRIAN, 6, 18, 20), grey);

    TemporalFilter.Step second = filter.apply(person, at(1), first.state());

    assertThat(second.outcome()).isEqualTo(TemporalFilter.Outcome.FILTERED);
    // Its core stays; its edges, interpolated between cells, may give way to the road.
    long unfiltered = pixelsOf(person.toMask(), LabelSet.PEDESTRIAN);
    assertThat(pixelsOf(second.mask(), LabelSet.PEDESTRIAN))
        .isGreaterThanOrEqualTo(unfiltered * 7 / 10)
        .isLessThanOrEqualTo(unfiltered);
  }

  @Test
  void shouldKeepThePedestrianProbabilityTheNewFramesOwn() {
    byte[] grey = scene(4);
    TemporalFilter.Step first = filter.apply(scores(uniform(LabelSet.ROAD, 3), grey), at(0), null);
    FrameScores person =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.PEDESTRIAN, 6, 18, 20), grey);
    TemporalFilter.Step second = filter.apply(person, at(1), first.state());
    int plane = LabelSet.PEDESTRIAN * W * H;
    float[] own = person.probabilities();

    for (int i = 0; i < W * H; i++) { // stored as bytes: 0..255 for 0..1
      assertThat((second.state().probabilities()[plane + i] & 0xFF) / 255f)
          .isCloseTo(own[plane + i], offset(0.5f / 255));
    }
  }

  @Test
  void shouldStartAfreshWhenTheFrameSizeChanges() {
    TemporalFilter.Step first =
        filter.apply(scores(uniform(LabelSet.ROAD, 3), scene(5)), at(0), null);
    FrameScores bigger =
        new FrameScores(8 * W, 8 * H, CLASSES, W, H, uniform(LabelSet.SKY, 3), scene(5));

    TemporalFilter.Step step = filter.apply(bigger, at(1), first.state());

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.RESIZED);
    assertThat(step.mask()).isEqualTo(bigger.toMask());
  }

  @Test
  void shouldStartAfreshWhenTheCameraRestartsItsSequence() {
    TemporalFilter.Step first =
        filter.apply(scores(uniform(LabelSet.ROAD, 3), scene(6)), at(100), null);

    TemporalFilter.Step step =
        filter.apply(
            scores(uniform(LabelSet.ROAD, 3), scene(6)),
            new FramePosition(0, first.state().captureMs() + 33),
            first.state());

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.RESTARTED);
    assertThat(step.state().sequence()).isZero();
  }

  @Test
  void shouldLabelALateFrameAloneAndKeepTheHistory() {
    TemporalFilter.Step first =
        filter.apply(scores(uniform(LabelSet.ROAD, 3), scene(7)), at(10), null);
    FrameScores late = scores(uniform(LabelSet.SKY, 3), scene(7));

    TemporalFilter.Step step = filter.apply(late, at(9), first.state());

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.OUT_OF_ORDER);
    assertThat(step.state()).isSameAs(first.state());
    assertThat(step.mask()).isEqualTo(late.toMask());
  }

  @Test
  void shouldStartAfreshAfterAGap() {
    byte[] grey = scene(8);
    TemporalFilter.Step first = filter.apply(scores(uniform(LabelSet.ROAD, 3), grey), at(0), null);
    long gap = TemporalFilterSettings.flow().maxGapMs() + 1;

    TemporalFilter.Step step =
        filter.apply(
            scores(uniform(LabelSet.ROAD, 3), grey),
            new FramePosition(1, first.state().captureMs() + gap),
            first.state());

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.GAP);
  }

  @Test
  void shouldStartAfreshOnASceneCut() {
    TemporalFilter.Step first =
        filter.apply(scores(uniform(LabelSet.ROAD, 3), scene(9)), at(0), null);
    byte[] other = new byte[W * H]; // a black and white checkerboard: nothing like the scene
    for (int y = 0; y < H; y++) {
      for (int x = 0; x < W; x++) {
        other[y * W + x] = (byte) (((x / 4 + y / 4) % 2) * 255);
      }
    }
    FrameScores cut =
        scores(withPatch(uniform(LabelSet.ROAD, 3), LabelSet.TREE, 3.5f, 0, 40), other);

    TemporalFilter.Step step = filter.apply(cut, at(1), first.state());

    assertThat(step.outcome()).isEqualTo(TemporalFilter.Outcome.SCENE_CUT);
    assertThat(step.mask()).isEqualTo(cut.toMask());
  }

  @Test
  void shouldFilterFramesOfAnySizeDownToOneCell() {
    for (int[] grid : new int[][] {{1, 1}, {2, 3}, {7, 5}, {16, 9}, {33, 17}}) {
      int w = grid[0];
      int h = grid[1];
      byte[] grey = new byte[w * h];
      for (int i = 0; i < grey.length; i++) {
        grey[i] = (byte) (60 + 7 * i);
      }
      float[] logits = new float[CLASSES * w * h];
      java.util.Arrays.fill(logits, LabelSet.ROAD * w * h, (LabelSet.ROAD + 1) * w * h, 3f);
      FrameScores frame = new FrameScores(4 * w, 4 * h, CLASSES, w, h, logits, grey);

      TemporalFilter.Step first = filter.apply(frame, at(0), null);
      TemporalFilter.Step second = filter.apply(frame, at(1), first.state());

      assertThat(second.outcome()).as(w + "x" + h).isEqualTo(TemporalFilter.Outcome.FILTERED);
      assertThat(second.mask().width()).isEqualTo(4 * w);
    }
  }

  @Test
  void shouldLabelAloneWhenOff() {
    TemporalFilter off = new TemporalFilter(TemporalFilterSettings.off(), LabelSet.SCENE6);
    FrameScores frame = scores(uniform(LabelSet.ROAD, 3), scene(10));

    TemporalFilter.Step step = off.apply(frame, at(1), null);

    assertThat(step.state()).isNull();
    assertThat(step.outcome().filtered()).isFalse();
    assertThat(step.mask()).isEqualTo(frame.toMask());
  }
}
