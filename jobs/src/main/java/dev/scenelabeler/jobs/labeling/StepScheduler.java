package dev.scenelabeler.jobs.labeling;

/**
 * When the labeling operator runs its next labeling step, from plain numbers: no clock, no timers,
 * no Flink. The operator tells it what happened (a frame taken in, a step done) and asks it what to
 * do; it arms and cancels the one processing-time timer itself.
 *
 * <p>A step is due {@link #INTAKE_MS} after a frame arrives when a full batch waits (or batches are
 * not waited for), else when the earliest queued frame has waited {@code maxWait}. While frames
 * keep arriving the step is put off, slice by slice, up to {@link #MAX_INTAKE_SHARE} of the last
 * step's labeling time, so the frames that arrived while the previous batch was labeled are taken
 * in before the next batch is picked. When the queue is full, intake labels a batch before it takes
 * the next frame (back-pressure to the source). Not thread-safe: task thread only.
 */
final class StepScheduler {

  /**
   * How long after a frame arrives (or a batch is labeled) the next batch is picked: long enough
   * for the task thread to take in the frames that arrived meanwhile (microseconds each), short
   * against a frame's labeling time (tens to hundreds of milliseconds).
   */
  static final long INTAKE_MS = 1;

  /** Intake may last at most this share of the previous labeling step before the next one. */
  static final double MAX_INTAKE_SHARE = 0.25;

  private static final long UNARMED = Long.MAX_VALUE;

  /** What the operator does now. */
  enum Action {
    LABEL_NOW,
    ARM_TIMER,
    NOTHING
  }

  /**
   * @param atMs when the timer is to fire, for {@link Action#ARM_TIMER} (replacing an armed one)
   */
  record Decision(Action action, long atMs) {
    static final Decision LABEL_NOW = new Decision(Action.LABEL_NOW, 0);
    static final Decision NOTHING = new Decision(Action.NOTHING, 0);

    static Decision armAt(long atMs) {
      return new Decision(Action.ARM_TIMER, atMs);
    }
  }

  private final int batchSize;
  private final long maxWaitMs;
  private final int capacity;
  private long armedAt = UNARMED;
  private long framesTakenIn; // ever queued, to see whether intake is still busy
  private long framesTakenInAtArm;
  private long intakeStartedAt; // when the current intake window began
  private long lastStepMs;

  /**
   * @param capacity most frames queued before intake labels a batch itself
   */
  StepScheduler(int batchSize, long maxWaitMs, int capacity) {
    this.batchSize = batchSize;
    this.maxWaitMs = maxWaitMs;
    this.capacity = capacity;
  }

  /** Whether intake must label a batch before it queues another frame: back-pressure. */
  boolean isFull(int queued) {
    return queued >= capacity;
  }

  int capacity() {
    return capacity;
  }

  /** How long the last labeling step took: a frame's mask comes out that much after it is taken. */
  long lastStepMs() {
    return lastStepMs;
  }

  /** A frame is being queued; {@code queueWasEmpty}: none was queued before it. */
  void frameTaken(long nowMs, boolean queueWasEmpty) {
    if (queueWasEmpty && armedAt == UNARMED) {
      intakeStartedAt = nowMs; // idle until now: the intake window starts with this frame
    }
    framesTakenIn++;
  }

  /**
   * Makes sure a step is due, after a frame was taken in or a step was done.
   *
   * @param earliestQueuedAtMs when the frame queued longest was taken in
   */
  Decision schedule(long nowMs, int queued, long earliestQueuedAtMs) {
    if (queued == 0) {
      return Decision.NOTHING;
    }
    long due = dueAt(nowMs, queued, earliestQueuedAtMs);
    if (armedAt <= due) {
      return Decision.NOTHING;
    }
    return arm(due);
  }

  private long dueAt(long nowMs, int queued, long earliestQueuedAtMs) {
    if (queued >= batchSize) {
      return nowMs + INTAKE_MS;
    }
    return Math.max(nowMs + INTAKE_MS, earliestQueuedAtMs + maxWaitMs);
  }

  /** The armed timer fired: label now, or take in the frames still arriving first. */
  Decision onDue(long nowMs, int queued) {
    armedAt = UNARMED;
    boolean intakeBusy = framesTakenIn > framesTakenInAtArm;
    long maxIntakeMs = Math.max(INTAKE_MS, (long) (MAX_INTAKE_SHARE * lastStepMs));
    if (intakeBusy && nowMs - intakeStartedAt < maxIntakeMs && !isFull(queued)) {
      return arm(nowMs + INTAKE_MS); // a backlog that built up while labeling: take it in first
    }
    return Decision.LABEL_NOW;
  }

  /** A step that {@link #onDue} asked for ran from {@code startedMs} to {@code doneMs}. */
  void stepDone(long startedMs, long doneMs) {
    lastStepMs = doneMs - startedMs;
    intakeStartedAt = doneMs;
  }

  /** The operator cancelled the armed timer (end of input labels everything). */
  void cancelled() {
    armedAt = UNARMED;
  }

  private Decision arm(long atMs) {
    armedAt = atMs;
    framesTakenInAtArm = framesTakenIn;
    return Decision.armAt(atMs);
  }
}
