package dev.scenelabeler.app.testing;

import dev.scenelabeler.app.cli.SceneLabelerCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * {@code ./scene-labeler ARGS} in a JVM of its own (the test's class path), its output in a log
 * file: for drills that kill a process with SIGKILL.
 */
public record CliProcess(String name, Path log, Process process) implements AutoCloseable {

  /** Starts {@code args} with its output in {@code <dir>/<name>.log}. */
  public static CliProcess start(String name, Path dir, List<String> args) {
    return start(name, dir, args, Map.of());
  }

  /** As above, with {@code environment} added to this JVM's. */
  public static CliProcess start(
      String name, Path dir, List<String> args, Map<String, String> environment) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx2g",
                "-Dai.djl.offline=true",
                "-Dlog4j2.configurationFile=classpath:log4j2-cli.xml",
                "-cp",
                System.getProperty("java.class.path"),
                SceneLabelerCli.class.getName()));
    command.addAll(args);
    Path log = dir.resolve(name + ".log");
    try {
      ProcessBuilder builder =
          new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().putAll(environment);
      return new CliProcess(name, log, builder.start());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
  }

  public long pid() {
    return process.pid();
  }

  /** Everything the process printed so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Waits until {@code condition} holds, polling every 500 ms.
   *
   * @throws AssertionError with the end of the output if the process ends or {@code timeout} passes
   *     first
   */
  public void awaitUntil(String what, Duration timeout, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        String output = output();
        throw new AssertionError(
            "no "
                + what
                + " ("
                + name
                + " "
                + (process.isAlive() ? "still running" : "exited " + process.exitValue())
                + "); its output:\n"
                + output.substring(Math.max(0, output.length() - 8_000)));
      }
      Thread.sleep(500);
    }
  }

  /** SIGKILL: no shutdown hooks, no cancel, no savepoint, no clean broker shutdown. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws InterruptedException {
    kill();
  }
}
