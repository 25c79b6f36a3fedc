package dev.scenelabeler.jobs.cli;

/**
 * Entry point of the job jar for the batch job: {@code flink run -c
 * dev.scenelabeler.jobs.cli.LabelVideoJobMain scene-labeler-job.jar VIDEO... --out DIR}, the same
 * options as {@code ./scene-labeler label-video}. The videos and the output folder must be where
 * every TaskManager can reach them: a shared path, or a Flink file system such as {@code s3://}
 * where the cluster has its plugin. Attached ({@code flink run} without {@code -d}) it prints each
 * video's progress and outcome and writes the run's {@code summary.json}; each video's own {@code
 * summary.json} is written by the TaskManager that labeled it either way.
 */
public final class LabelVideoJobMain {

  private LabelVideoJobMain() {}

  public static void main(String[] args) {
    ClusterEntryPoint.run(
        LabelVideoCommand.forCluster(),
        "scene-labeler label-video job failed or a video failed",
        args);
  }
}
