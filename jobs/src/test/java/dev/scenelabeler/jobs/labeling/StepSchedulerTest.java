package dev.scenelabeler.jobs.labeling;

import static dev.scenelabeler.jobs.labeling.StepScheduler.INTAKE_MS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.jobs.labeling.StepScheduler.Decision;
import org.junit.jupiter.api.Test;

/** The labeling step's timing rules, with plain numbers: times in ms, queue sizes in frames. */
class StepSchedulerTest {

  private static final long NEVER = Long.MAX_VALUE; // the earliest queued time of an empty queue

  /**
   * A frame taken in at {@code now} into a queue that then holds {@code queued}; the decision that
   * follows.
   */
  private static Decision takeIn(
      StepScheduler scheduler, long now, int queued, long earliestQueuedAt) {
    scheduler.frameTaken(now, queued == 1);
    return scheduler.schedule(now, queued, earliestQueuedAt);
  }

  @Test
  void shouldLabelOneIntakeSliceAfterTheFrameThatFillsABatch() {
    StepScheduler scheduler = new StepScheduler(2, 1_000, 8);
    assertThat(takeIn(scheduler, 100, 1, 100)).isEqualTo(Decision.armAt(1_100));

    assertThat(takeIn(scheduler, 130, 2, 100))
        .as("a full batch does not wait for max wait")
        .isEqualTo(Decision.armAt(130 + INTAKE_MS));
  }

  @Test
  void shouldWaitMaxWaitAfterTheEarliestFrameForAPartialBatchAndKeepThatTimer() {
    StepScheduler scheduler = new StepScheduler(4, 50, 16);
    assertThat(takeIn(scheduler, 100, 1, 100)).isEqualTo(Decision.armAt(150));

    assertThat(takeIn(scheduler, 120, 2, 100)).isEqualTo(Decision.NOTHING);
  }

  @Test
  void shouldNotWaitForABatchWhenMaxWaitIsZero() {
    StepScheduler scheduler = new StepScheduler(4, 0, 16);

    // The first frame arrived at 90: with no wait, the step is due as soon as intake allows.
    assertThat(takeIn(scheduler, 100, 1, 90)).isEqualTo(Decision.armAt(100 + INTAKE_MS));
  }

  @Test
  void shouldDoNothingForAnEmptyQueue() {
    StepScheduler scheduler = new StepScheduler(4, 50, 16);

    assertThat(scheduler.schedule(100, 0, NEVER)).isEqualTo(Decision.NOTHING);
  }

  @Test
  void shouldLabelWhenDueAndNoFrameArrivedSinceTheTimerWasArmed() {
    StepScheduler scheduler = new StepScheduler(1, 0, 8);
    takeIn(scheduler, 100, 1, 100);

    assertThat(scheduler.onDue(100 + INTAKE_MS, 1)).isEqualTo(Decision.LABEL_NOW);
  }

  @Test
  void shouldTakeInArrivingFramesFirstForAtMostAQuarterOfTheLastStep() {
    StepScheduler scheduler = new StepScheduler(1, 0, 1_000);
    takeIn(scheduler, 0, 1, 0);
    scheduler.onDue(INTAKE_MS, 1);
    scheduler.stepDone(INTAKE_MS, 401); // a 400 ms step; a backlog arrived meanwhile
    assertThat(scheduler.lastStepMs()).isEqualTo(400);
    long now = 401;
    int queued = 1;
    Decision decision = scheduler.schedule(now, queued, now);
    while (decision.action() == StepScheduler.Action.ARM_TIMER) {
      now = decision.atMs();
      takeIn(scheduler, now, ++queued, 401); // a frame arrived in each slice
      decision = scheduler.onDue(now, queued);
    }

    assertThat(decision).isEqualTo(Decision.LABEL_NOW);
    assertThat(now - 401).as("intake lasted a quarter of the 400 ms step").isEqualTo(100);
  }

  @Test
  void shouldStartTheIntakeWindowWithTheFirstFrameAfterAnIdleSpell() {
    StepScheduler scheduler = new StepScheduler(1, 0, 1_000);
    takeIn(scheduler, 0, 1, 0);
    scheduler.onDue(INTAKE_MS, 1);
    scheduler.stepDone(INTAKE_MS, 401); // the queue is empty after this step: idle
    takeIn(scheduler, 10_000, 1, 10_000);
    takeIn(scheduler, 10_000, 2, 10_000);

    assertThat(scheduler.onDue(10_000 + INTAKE_MS, 2))
        .as("still within 100 ms of the first frame")
        .isEqualTo(Decision.armAt(10_000 + 2 * INTAKE_MS));
  }

  @Test
  void shouldLabelAtOnceWhenTheQueueIsFullThoughFramesKeepArriving() {
    StepScheduler scheduler = new StepScheduler(1, 0, 3);
    takeIn(scheduler, 0, 1, 0);
    scheduler.onDue(INTAKE_MS, 1);
    scheduler.stepDone(INTAKE_MS, 401);
    scheduler.schedule(401, 1, 401);
    takeIn(scheduler, 401, 3, 401);

    assertThat(scheduler.onDue(402, 3)).isEqualTo(Decision.LABEL_NOW);
  }

  @Test
  void shouldBeFullAtTheQueueCapacity() {
    StepScheduler scheduler = new StepScheduler(2, 0, 8);

    assertThat(scheduler.isFull(7)).isFalse();
    assertThat(scheduler.isFull(8)).isTrue();
  }

  @Test
  void shouldArmAgainAfterTheOperatorCancelledItsTimer() {
    StepScheduler scheduler = new StepScheduler(4, 50, 16);
    takeIn(scheduler, 100, 1, 100);
    scheduler.cancelled();

    assertThat(scheduler.schedule(120, 1, 100)).isEqualTo(Decision.armAt(150));
  }
}
