package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A command that runs a Flink job: from the command line in this process, or, made by {@link
 * #onCluster}, through {@code flink run} on a cluster, which supplies the environment.
 */
abstract class JobCommand implements Callable<Integer> {

  private boolean onCluster;

  /** {@code command}, set to run on the cluster {@code flink run} gives it. */
  static <C extends JobCommand> C onCluster(C command) {
    JobCommand job = command; // a private field is not reached through a type variable
    job.onCluster = true;
    return command;
  }

  final boolean onCluster() {
    return onCluster;
  }

  /** On a cluster, the environment it supplies; null in this process. */
  final StreamExecutionEnvironment clusterEnvironment() {
    return onCluster ? StreamExecutionEnvironment.getExecutionEnvironment() : null;
  }

  /**
   * The job's options from file and flags; on a cluster ({@code clusterEnv} not null) its Flink
   * configuration may set them too (scene-labeler.KEY), below file and flags.
   */
  static JobOptions options(JobOptionsMixin flags, StreamExecutionEnvironment clusterEnv) {
    return clusterEnv != null ? flags.toOptions(clusterEnv.getConfiguration()) : flags.toOptions();
  }
}
