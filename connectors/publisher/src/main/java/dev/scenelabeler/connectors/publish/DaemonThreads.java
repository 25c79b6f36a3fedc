package dev.scenelabeler.connectors.publish;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;

/** Threads that do not keep the JVM alive: a publisher in a command must not outlive its main. */
final class DaemonThreads {

  private DaemonThreads() {}

  /** Threads named {@code name-1}, {@code name-2}, ... */
  static ThreadFactory named(String name) {
    AtomicLong count = new AtomicLong();
    return runnable -> {
      Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
