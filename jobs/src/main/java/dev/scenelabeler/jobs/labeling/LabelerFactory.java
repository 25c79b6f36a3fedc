package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import java.io.Serializable;

/**
 * Makes a {@link FrameLabeler} inside a running subtask: the factory travels with the job graph (so
 * it is small and serializable), the labeler with its native model is made in the operator's {@code
 * open()} on the device that subtask was given.
 */
public interface LabelerFactory extends Serializable {

  /** Loads the model on {@code device} and makes a labeler for one thread. */
  FrameLabeler open(DeviceSpec device);

  /** GPUs the inference engine of this process sees; 0 where it sees none or is not used. */
  default int engineGpuCount() {
    return 0;
  }

  /** For logs: which model this factory loads. */
  String describe();
}
