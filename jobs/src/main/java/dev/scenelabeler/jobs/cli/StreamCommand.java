package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import dev.scenelabeler.jobs.streaming.BrokerPreflight;
import dev.scenelabeler.jobs.streaming.DurableCheckpoints;
import dev.scenelabeler.jobs.streaming.StreamingLabelingJob;
import java.io.PrintStream;
import java.net.URI;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the streaming labeling job against Kafka: locally (an embedded Flink on 127.0.0.1, with
 * checkpoints retained on disk and resumed from on the next start) from the command line, or on a
 * cluster through {@code flink run} with the job jar (main class {@link
 * dev.scenelabeler.jobs.cli.StreamingJobMain}).
 */
@Command(
    name = "stream",
    mixinStandardHelpOptions = true,
    description = {
      "Labels the frames topic into the masks topic with the Flink streaming job, until stopped.",
      "Checkpoints are kept in --checkpoint-dir and the job resumes from the latest one when"
          + " started again,",
      "so a killed and restarted job still writes exactly one mask per frame.",
      "Example: ./scene-labeler stream --bootstrap 127.0.0.1:9092 --model default -p 2"
    })
public final class StreamCommand extends JobCommand {

  private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);

  @Mixin JobOptionsMixin jobOptions;

  @Option(
      names = "--skip-preflight",
      description = "Do not check the broker, topics and transaction timeout first.")
  boolean skipPreflight;

  @Option(
      names = "--from-savepoint",
      paramLabel = "PATH",
      description =
          "Start from this savepoint or retained checkpoint (a savepoint or chk-N folder) instead"
              + " of the latest checkpoint in --checkpoint-dir. On a cluster use 'flink run -s"
              + " PATH' instead.")
  String fromSavepoint;

  /**
   * For {@code flink run}: the cluster supplies the environment, its checkpoint storage and
   * recovery.
   */
  public static StreamCommand forCluster() {
    return onCluster(new StreamCommand());
  }

  @Override
  public Integer call() throws Exception {
    StreamExecutionEnvironment clusterEnv = clusterEnvironment();
    JobOptions options = options(jobOptions, clusterEnv);
    if (onCluster() && fromSavepoint != null) {
      throw new IllegalArgumentException(
          "--from-savepoint is for a local run; on a cluster use 'flink run -s PATH'");
    }
    if (!skipPreflight) {
      BrokerPreflight.check(options);
    }
    var labelers = options.labelerFactory();
    if (onCluster()) {
      LOG.info("Starting {}: {}", StreamingLabelingJob.JOB_NAME, options);
      StreamingLabelingJob.onKafka(options, labelers).execute(clusterEnv);
      return 0;
    }
    LocalStart start = LocalStart.of(options, fromSavepoint);
    start.describe(System.err);
    LOG.info("Starting {}: {}", StreamingLabelingJob.JOB_NAME, start.options());
    StreamingLabelingJob.onKafka(start.options(), labelers)
        .execute(LocalFlink.environment(start.configuration()));
    return 0;
  }

  /**
   * How a local run starts: its options with the checkpoint directory resolved, and the local
   * cluster's configuration (loopback only, checkpoints retained there, resumed from the given
   * savepoint or else the latest retained checkpoint).
   *
   * @param resumedFrom the savepoint or checkpoint the job starts from; empty: the consumer group's
   *     committed offsets (the oldest frame kept, for a new group)
   */
  public record LocalStart(
      JobOptions options,
      Configuration configuration,
      URI checkpointDir,
      Optional<String> resumedFrom) {

    /**
     * @throws java.io.UncheckedIOException if the checkpoint directory cannot be listed
     */
    public static LocalStart of(JobOptions options, String fromSavepoint) {
      String dir =
          options
              .checkpointDir()
              .orElseGet(() -> DurableCheckpoints.defaultDirectory(options.groupId()).toString());
      URI uri = DurableCheckpoints.toUri(dir);
      Configuration conf = DurableCheckpoints.retainIn(LocalFlink.loopbackConfiguration(), uri);
      Optional<String> resume;
      if (fromSavepoint != null && !fromSavepoint.isBlank()) {
        resume = Optional.of(fromSavepoint.trim());
        DurableCheckpoints.resumeFrom(conf, resume.get(), false);
      } else {
        resume = DurableCheckpoints.latestCompleted(uri).map(URI::toString);
        // The job's own checkpoint: taken over and deleted once a newer one exists.
        resume.ifPresent(path -> DurableCheckpoints.resumeFrom(conf, path, true));
      }
      return new LocalStart(
          options.toBuilder().checkpointDir(uri.toString()).build(), conf, uri, resume);
    }

    /** One line each: where checkpoints go and where the job starts from. */
    public void describe(PrintStream out) {
      out.println("Checkpoints in " + checkpointDir + " (the last one is kept when the job stops)");
      out.println(
          resumedFrom
              .map(path -> "Resuming from " + path)
              .orElse(
                  "No retained checkpoint: starting from the consumer group's committed offsets"));
    }
  }
}
