package dev.scenelabeler.jobs.batch;

import java.io.Serializable;

/**
 * How one video of a run ended, reported by the subtask that wrote it (through a Flink accumulator,
 * so it reaches the client from a cluster too) and listed in the run's summary.
 *
 * @param framesRead frames decoded
 * @param framesWritten frames whose outputs were written (masks, stats, overlay)
 * @param expectedFrames the container's declared count after sampling, a hint; -1 if unknown
 * @param error why the video failed (unreadable, damaged, outputs not writable); null if ok
 * @param done whether the video is finished (ok or failed); false while it is being labeled
 */
public record VideoResult(
    String cameraId,
    long framesRead,
    long framesWritten,
    long expectedFrames,
    String error,
    boolean done)
    implements Serializable {

  public boolean ok() {
    return done && error == null;
  }

  public String status() {
    return !done ? "running" : error == null ? "ok" : "failed";
  }
}
