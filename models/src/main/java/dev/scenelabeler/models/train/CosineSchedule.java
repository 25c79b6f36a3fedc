package dev.scenelabeler.models.train;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warm-up then cosine decay over the whole run (the annealing curve of Loshchilov and
 * Hutter, "SGDR: Stochastic Gradient Descent with Warm Restarts", ICLR 2017, without restarts),
 * down to a floor of 2% of the peak rather than zero: the last epochs still move the weights, so
 * the pick of the best epoch by val mIoU is not among near-identical copies. Counted in steps of
 * the run rather than the optimiser's own update counter, so a resumed run continues the same
 * curve. A resumed run starts with fresh Adam moments, so it ramps up again over a short warm-up: a
 * full-rate first step on fresh moments visibly undoes training (seen here: pixel accuracy fell
 * from 81% to 59%).
 */
final class CosineSchedule implements Tracker {

  private final float baseRate;
  private final int warmupSteps;
  private final int totalSteps;
  private final int stepOffset;

  CosineSchedule(float baseRate, int warmupSteps, int totalSteps, int stepOffset) {
    this.baseRate = baseRate;
    this.warmupSteps = warmupSteps;
    this.totalSteps = Math.max(1, totalSteps);
    this.stepOffset = stepOffset;
  }

  @Override
  public float getNewValue(int numUpdate) {
    float rate = rateAt(stepOffset + numUpdate);
    return stepOffset > 0 ? rate * Math.min(1f, (numUpdate + 1f) / warmupSteps) : rate;
  }

  /** The learning rate at a step of the run (0-based), before any resume warm-up. */
  float rateAt(int step) {
    if (step < warmupSteps) {
      return baseRate * (step + 1) / warmupSteps;
    }
    double progress =
        Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
    return (float) (baseRate * (0.02 + 0.98 * 0.5 * (1 + Math.cos(Math.PI * progress))));
  }
}
