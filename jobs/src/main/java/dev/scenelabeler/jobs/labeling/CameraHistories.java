package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.temporal.TemporalState;

/**
 * Where the temporal filter's per-camera state lives between frames: Flink keyed state in the
 * streaming job, a map per video in the batch job. Used by the labeling thread only.
 */
public interface CameraHistories {

  /** The camera's state after its last filtered frame; null if none (first frame, expired). */
  TemporalState get(String camera);

  /** Keeps {@code state} as the camera's state for its next frame. */
  void put(String camera, TemporalState state);
}
