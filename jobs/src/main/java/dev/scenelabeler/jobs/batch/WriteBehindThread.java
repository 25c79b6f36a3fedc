package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.jobs.labeling.BackgroundPriority;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One thread that writes a subtask's outputs behind its labeling, so that encoding the overlay and
 * the masks of frame n overlaps labeling frame n + 1 instead of following it. At most {@code
 * capacity} writes wait at once: {@link #submit} blocks the caller beyond that (back-pressure, and
 * bounded memory, since each waiting write holds a decoded frame). Writes run in the order
 * submitted. A write that throws fails the next {@link #submit} or {@link #call} with its cause.
 * The thread runs at {@link BackgroundPriority background priority}, so that it writes in the time
 * the labeler leaves idle instead of taking it from the labeler.
 */
final class WriteBehindThread implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(WriteBehindThread.class);
  private static final long CLOSE_WAIT_SECONDS = 60;

  private final ExecutorService thread;
  private final Semaphore slots;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();

  /**
   * @param name the thread's name, for thread dumps and profiles
   */
  WriteBehindThread(String name, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.slots = new Semaphore(capacity);
    this.thread = BackgroundPriority.singleThreadExecutor(name);
  }

  /**
   * Queues {@code write}; waits while {@code capacity} writes are queued already.
   *
   * @throws IllegalStateException if an earlier write failed (its failure is the cause)
   * @throws InterruptedException if interrupted while waiting for room
   */
  void submit(Runnable write) throws InterruptedException {
    rethrowFailure();
    slots.acquire();
    thread.execute(
        () -> {
          try {
            write.run();
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            slots.release();
          }
        });
  }

  /**
   * Runs {@code task} after every write queued before it and waits for its result.
   *
   * @throws IllegalStateException if an earlier write or the task failed (the failure is the cause)
   */
  <T> T call(Callable<T> task) throws InterruptedException {
    rethrowFailure();
    Future<T> result = thread.submit(task);
    T value;
    try {
      value = result.get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("writing outputs failed: " + e.getCause(), e.getCause());
    }
    rethrowFailure(); // the writes before the task have all run now
    return value;
  }

  private void rethrowFailure() {
    Throwable t = failure.get();
    if (t != null) {
      throw new IllegalStateException("writing outputs failed: " + t, t);
    }
  }

  /** Finishes the queued writes (a cancelled job's few frames) and stops the thread. */
  @Override
  public void close() throws InterruptedException {
    thread.shutdown();
    if (!thread.awaitTermination(CLOSE_WAIT_SECONDS, TimeUnit.SECONDS)) {
      LOG.warn("Output writes still running after {} s; interrupting them", CLOSE_WAIT_SECONDS);
      thread.shutdownNow();
    }
  }
}
