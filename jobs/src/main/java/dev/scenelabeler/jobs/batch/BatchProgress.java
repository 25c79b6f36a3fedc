package dev.scenelabeler.jobs.batch;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a local batch run, per video: frames read, frames written, the expected total,
 * and an error if the video was damaged. The readers and writers run in this JVM's local
 * Flink cluster and report here, keyed by run id; the command line prints it.
 */
public final class BatchProgress {

  private static final Map<String, BatchProgress> RUNS = new ConcurrentHashMap<>();

  private final Map<String, VideoProgress> videos = new ConcurrentHashMap<>();

  /** The progress of run {@code runId}, made on first use. */
  public static BatchProgress of(String runId) {
    return RUNS.computeIfAbsent(runId, id -> new BatchProgress());
  }

  public static void forget(String runId) {
    RUNS.remove(runId);
  }

  public VideoProgress video(String cameraId) {
    return videos.computeIfAbsent(cameraId, id -> new VideoProgress());
  }

  public Map<String, VideoProgress> videos() {
    return new LinkedHashMap<>(videos);
  }

  /** Counters of one video; written by the task threads, read by the printer. */
  public static final class VideoProgress {
    final AtomicLong expectedFrames = new AtomicLong(-1);
    final AtomicLong framesRead = new AtomicLong();
    final AtomicLong framesWritten = new AtomicLong();
    volatile boolean readDone;
    volatile boolean written;
    volatile String error;

    public long expectedFrames() {
      return expectedFrames.get();
    }

    public long framesRead() {
      return framesRead.get();
    }

    public long framesWritten() {
      return framesWritten.get();
    }

    public boolean done() {
      return written;
    }

    /** Why the video could not be read to its end; null if it could. */
    public String error() {
      return error;
    }
  }
}
