package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.CHECKPOINT_INTERVAL;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.ENGINE;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.MODEL;
import static dev.scenelabeler.jobs.options.JobOptionDeclarations.TRANSACTION_TIMEOUT;

import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;

/** The checks of options that are each fine alone but do not fit together; messages name both. */
final class OptionsTogether {

  private OptionsTogether() {}

  /** @throws IllegalArgumentException naming the flags and keys that clash */
  static void check(JobOptions options) {
    if (options.delivery() == DeliveryMode.EXACTLY_ONCE
        && options.transactionTimeout().compareTo(options.checkpointInterval().multipliedBy(2)) < 0) {
      throw new IllegalArgumentException(TRANSACTION_TIMEOUT.name() + " of " + options.transactionTimeout().toMillis()
          + " ms must be at least twice " + CHECKPOINT_INTERVAL.name() + " of "
          + options.checkpointInterval().toMillis()
          + " ms, or transactions time out before their checkpoint commits them");
    }
    // Only an untrained network is checked here: a model directory may exist on the task managers only.
    ModelSource model = options.model();
    if (model.kind() == ModelSource.Kind.UNTRAINED && options.engine().orElse(null) == InferenceEngine.ONNX_RUNTIME) {
      throw new IllegalArgumentException(ENGINE.name() + " onnxruntime cannot run " + MODEL.name() + " " + model
          + ": an untrained network has no ONNX graph");
    }
  }
}
