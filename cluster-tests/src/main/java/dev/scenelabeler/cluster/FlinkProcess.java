package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JobManager or TaskManager JVM of the local cluster, with its Flink log file ({@code
 * log.file}); its stdout/stderr go next to it as {@code .out}.
 */
public record FlinkProcess(String name, Process process, Path logFile) {

  static FlinkProcess start(
      String name, List<String> command, Path logDir, Map<String, String> env) {
    Path out = logDir.resolve(name + ".out");
    try {
      Files.createDirectories(logDir);
      ProcessBuilder builder = new ProcessBuilder(command);
      builder.environment().putAll(env);
      Process process = builder.redirectErrorStream(true).redirectOutput(out.toFile()).start();
      return new FlinkProcess(name, process, logDir.resolve(name + ".log"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + ": " + command.get(0), e);
    }
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  /** The log so far, or an empty string when there is none yet. */
  public String log() {
    try {
      return Files.exists(logFile) ? Files.readString(logFile) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + logFile, e);
    }
  }

  /**
   * {@code kill -9}: no shutdown hook runs, no goodbye to the JobManager, as when a machine dies.
   */
  public void killHard() {
    process.destroyForcibly();
    await(Duration.ofSeconds(30));
  }

  /** SIGTERM, then SIGKILL if it has not exited within {@code grace}. */
  public void stop(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!await(grace)) {
      killHard();
    }
  }

  private boolean await(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  @Override
  public String toString() {
    return name + " (pid " + process.pid() + (process.isAlive() ? "" : ", exited") + ")";
  }
}
