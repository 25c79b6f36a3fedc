package dev.scenelabeler.jobs.labeling;

import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.common.operators.ProcessingTimeService.ProcessingTimeCallback;

/**
 * The labeling operator's step timer on Flink's processing-time service: arming it again replaces
 * the pending timer, so at most one step is due at a time. Task thread only.
 */
final class StepTimer {

  private final ProcessingTimeService time;
  private final ProcessingTimeCallback onDue;
  private ScheduledFuture<?> pending;

  StepTimer(ProcessingTimeService time, ProcessingTimeCallback onDue) {
    this.time = time;
    this.onDue = onDue;
  }

  /** Arms the timer if {@code decision} says so ({@code ARM_TIMER}); else leaves it as it is. */
  void arm(StepScheduler.Decision decision) {
    if (decision.action() != StepScheduler.Action.ARM_TIMER) {
      return;
    }
    if (pending != null) {
      pending.cancel(false);
    }
    pending =
        time.registerTimer(
            decision.atMs(),
            timestamp -> {
              pending = null;
              onDue.onProcessingTime(timestamp);
            });
  }

  /** Cancels the pending timer; false if none was pending. */
  boolean cancel() {
    if (pending == null) {
      return false;
    }
    pending.cancel(false);
    pending = null;
    return true;
  }
}
