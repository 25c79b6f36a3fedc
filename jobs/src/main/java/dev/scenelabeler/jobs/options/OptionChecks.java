package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.CHECKPOINT_INTERVAL;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.ENGINE;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.MODEL;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.TRANSACTION_TIMEOUT;

import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import java.io.Serializable;

/**
 * Checks options once they are all known: each on its own (its declaration's check), then those
 * that are each fine alone but do not fit together. Messages name the flags and the keys.
 */
final class OptionChecks {

  private OptionChecks() {}

  /**
   * @throws IllegalArgumentException naming the option, or the options that clash, and why
   */
  static void check(JobOptions options) {
    for (JobOption<?> option : JobOptionDeclarations.ALL) {
      checkOne(options, option);
    }
    if (options.delivery() == DeliveryMode.EXACTLY_ONCE
        && options.transactionTimeout().compareTo(options.checkpointInterval().multipliedBy(2))
            < 0) {
      throw new IllegalArgumentException(
          TRANSACTION_TIMEOUT.name()
              + " of "
              + options.transactionTimeout().toMillis()
              + " ms must be at least twice "
              + CHECKPOINT_INTERVAL.name()
              + " of "
              + options.checkpointInterval().toMillis()
              + " ms, or transactions time out before their checkpoint commits them");
    }
    // Only an untrained network is checked here: a model directory may exist on the task managers
    // only.
    ModelSource model = options.model();
    if (model.kind() == ModelSource.Kind.UNTRAINED
        && options.engine().orElse(null) == InferenceEngine.ONNX_RUNTIME) {
      throw new IllegalArgumentException(
          ENGINE.name()
              + " onnxruntime cannot run "
              + MODEL.name()
              + " "
              + model
              + ": an untrained network has no ONNX graph");
    }
  }

  private static <T extends Serializable> void checkOne(JobOptions options, JobOption<T> option) {
    option.check(options.get(option));
  }
}
