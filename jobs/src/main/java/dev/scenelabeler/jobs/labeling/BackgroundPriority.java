package dev.scenelabeler.jobs.labeling;

import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the calling thread's CPU scheduling priority (Linux nice +{@value #NICE}, at most 19), for
 * work that should run in the time the labeler's threads leave idle rather than take time from
 * them.
 *
 * <p>Why: on a CPU, ONNX Runtime labels with a thread per core and those threads meet after each
 * parallel section; between sections one core idles (here ONNX Runtime's second thread was busy 54%
 * of the time). A helper thread at the same priority fills that idle time but also preempts the
 * labeler's threads, which then wait for each other. At nice +10 the scheduler runs the helper only
 * when a labeler thread does not want the core (CFS gives a nice-10 thread about a tenth of the
 * weight of a nice-0 one). Measured on this project's 2-core machine, label-video's file writing on
 * a thread of its own, alternating runs: 0.85, 0.73, 0.86, 0.96, 0.84, 0.91 of the bare labeler's
 * frames/s at the same priority; 1.01, 0.90, 1.08, 0.94 at nice +10.
 *
 * <p>Java's {@link Thread#setPriority} does nothing on Linux without root and a JVM flag, so this
 * calls libc's {@code setpriority(PRIO_PROCESS, tid, nice)} through JNA, the thread id read from
 * {@code /proc/thread-self}. Lowering one's own priority needs no privilege. Best effort: where
 * this is not Linux, or the call fails, the thread keeps its priority and a debug line says why.
 */
public final class BackgroundPriority {

  private static final Logger LOG = LoggerFactory.getLogger(BackgroundPriority.class);

  /** How much lower than the thread's priority: nice + 10, at most {@link #LOWEST}. */
  static final int NICE = 10;

  private static final int LOWEST = 19;
  private static final int PRIO_PROCESS = 0; // with a thread id: that thread alone (Linux)

  private BackgroundPriority() {}

  /**
   * One daemon thread at background priority that runs the tasks in order.
   *
   * @param name the thread's name, for thread dumps and profiles
   */
  public static ExecutorService singleThreadExecutor(String name) {
    return Executors.newSingleThreadExecutor(
        task -> {
          Thread t =
              new Thread(
                  () -> {
                    lowerCurrentThread();
                    task.run();
                  },
                  name);
          t.setDaemon(true);
          return t;
        });
  }

  /** Lowers the calling thread's priority; true if it was lowered. */
  public static boolean lowerCurrentThread() {
    try {
      // "/proc/thread-self" links to "<pid>/task/<tid>".
      Path self = Files.readSymbolicLink(Path.of("/proc/thread-self"));
      int tid = Integer.parseInt(self.getFileName().toString());
      int nice =
          Math.min(LOWEST, currentNice() + NICE); // setpriority takes the value itself, not a step
      int rc =
          NativeLibrary.getInstance("c")
              .getFunction("setpriority")
              .invokeInt(new Object[] {PRIO_PROCESS, tid, nice});
      if (rc != 0) {
        LOG.debug(
            "setpriority({}, {}) returned {}: thread {} keeps its priority",
            tid,
            nice,
            rc,
            Thread.currentThread().getName());
        return false;
      }
      return true;
    } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
      LOG.debug(
          "Cannot lower the priority of thread {}: {}",
          Thread.currentThread().getName(),
          e.toString());
      return false;
    }
  }

  /** The calling thread's nice value as the kernel reports it; for tests. Linux only. */
  static int currentNice() throws IOException {
    Path stat = Path.of("/proc/thread-self/stat");
    String text = Files.readString(stat);
    // Fields after the command name in parentheses; nice is field 19 of the whole line.
    String[] fields = text.substring(text.lastIndexOf(')') + 2).split(" ");
    return Integer.parseInt(fields[16]);
  }
}
