package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class FrameScoresTest {

  @Test
  void shouldApproximateExpWithinTwoParts() {
    for (float x = -80; x <= 0; x += 0.001f) {
      assertThat(FrameScores.exp(x) / Math.exp(x)).as("x = %f", x).isCloseTo(1, offset(2e-4));
    }
  }

  @Test
  void shouldGiveProbabilitiesThatSumToOnePerCellAndTheLogitsArgMax() {
    float[] logits = {2, -1, 0.5f, 30, /* class 1 */ 1, 4, 0.5f, 29};
    FrameScores scores = new FrameScores(4, 2, 2, 4, 1, logits, new byte[4]);

    float[] p = scores.probabilities();

    for (int i = 0; i < 4; i++) {
      assertThat(p[i] + p[4 + i]).isCloseTo(1f, offset(1e-5f));
    }
    assertThat(scores.toMask().classes()).containsExactly(0, 1, 0, 0, 0, 1, 0, 0);
  }
}
