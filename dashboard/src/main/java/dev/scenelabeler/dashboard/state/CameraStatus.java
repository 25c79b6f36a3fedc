package dev.scenelabeler.dashboard.state;

/** What a camera card says about the freshness of its data. */
public enum CameraStatus {
  /** Masks arrived within the staleness limit. */
  LIVE,
  /** Frames still arrive but masks do not: the labeling job is down or far behind. */
  NO_MASKS,
  /** Nothing arrived within the staleness limit: the camera stopped sending. */
  STALE
}
