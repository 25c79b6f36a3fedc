package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsMixin;
import dev.scenelabeler.jobs.streaming.BrokerPreflight;
import dev.scenelabeler.jobs.streaming.StreamingLabelingJob;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the streaming labeling job against Kafka: locally (an embedded Flink) from the command
 * line, or on a cluster through {@code flink run} with the job jar (main class
 * {@link dev.scenelabeler.jobs.streaming.StreamingJobMain}).
 */
@Command(name = "stream", mixinStandardHelpOptions = true,
    description = {"Labels the frames topic into the masks topic with the Flink streaming job, until stopped.",
        "Example: ./scene-labeler stream --bootstrap 127.0.0.1:9092 --model default -p 2"})
public final class StreamCommand implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger(StreamCommand.class);

  @Mixin JobOptionsMixin jobOptions;

  @Option(names = "--skip-preflight", description = "Do not check the broker, topics and transaction timeout first.")
  boolean skipPreflight;

  @Override
  public Integer call() throws Exception {
    JobOptions options = jobOptions.toOptions();
    if (!skipPreflight) {
      BrokerPreflight.check(options);
    }
    LOG.info("Starting {}: {}", StreamingLabelingJob.JOB_NAME, options);
    StreamingLabelingJob.onKafka(options, SceneModelLabelerFactory.of(options.model()))
        .execute(StreamExecutionEnvironment.getExecutionEnvironment());
    return 0;
  }
}
