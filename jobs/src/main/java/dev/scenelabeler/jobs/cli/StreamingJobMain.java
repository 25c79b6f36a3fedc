package dev.scenelabeler.jobs.cli;

import picocli.CommandLine;

/**
 * Main class of the job jar for {@code flink run}: the same options as {@code
 * ./scene-labeler stream}; the cluster supplies the execution environment.
 */
public final class StreamingJobMain {

  private StreamingJobMain() {}

  public static void main(String[] args) {
    int exit = new CommandLine(StreamCommand.forCluster()).execute(args);
    if (exit != 0) {
      // flink run reports a failed main as a failed submission; exit codes are not enough.
      throw new IllegalStateException("scene-labeler streaming job not started (exit " + exit + ")");
    }
  }
}
