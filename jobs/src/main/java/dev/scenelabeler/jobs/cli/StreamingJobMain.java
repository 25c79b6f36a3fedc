package dev.scenelabeler.jobs.cli;

/**
 * Main class of the job jar for {@code flink run}: the same options as {@code ./scene-labeler
 * stream}; the cluster supplies the execution environment.
 */
public final class StreamingJobMain {

  private StreamingJobMain() {}

  public static void main(String[] args) {
    ClusterEntryPoint.run(
        StreamCommand.forCluster(), "scene-labeler streaming job not started", args);
  }
}
