package dev.scenelabeler.jobs.cli;

import picocli.CommandLine;

/**
 * What the job jar's main classes share: run the command, and make a failure a failed submission.
 */
final class ClusterEntryPoint {

  private ClusterEntryPoint() {}

  static void run(Object command, String what, String[] args) {
    int exit = new CommandLine(command).execute(args);
    if (exit != 0) {
      // flink run reports a failed main as a failed submission; exit codes are not enough.
      throw new IllegalStateException(what + " (exit " + exit + ")");
    }
  }
}
