package dev.scenelabeler.app.local;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.publish.CameraFeed;
import dev.scenelabeler.connectors.publish.FramePublisher;
import dev.scenelabeler.connectors.publish.PublishRate;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.jobs.local.LocalFlink;
import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.options.JobOptionsBuilder;
import dev.scenelabeler.jobs.streaming.StreamingLabelingJob;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole pipeline in this process, for {@code demo} and {@code bench-pipeline}: an embedded
 * broker with the topics, one {@link MaskConsumer} positioned before any frame is sent, then what
 * the caller starts on it (the streaming job on the local Flink, the publisher, anything else such
 * as a dashboard). Closed in the reverse order of starting, so the job goes while the broker it
 * commits transactions to is still there.
 */
public final class LocalPipeline implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(LocalPipeline.class);

  /** How long the consumer may take to find the topics and their end offsets. */
  static final Duration POSITION_TIMEOUT = Duration.ofSeconds(30);

  private final Deque<AutoCloseable> started = new ArrayDeque<>(); // newest first
  private final EmbeddedKafkaBroker broker;
  private final Topics topics;
  private MaskConsumer masks;
  private volatile boolean closing;

  private LocalPipeline(EmbeddedKafkaBroker broker, Topics topics) {
    this.broker = broker;
    this.topics = topics;
    started.push(broker);
  }

  /**
   * Starts the broker, creates {@code topics} with {@code partitions} partitions each and opens the
   * mask consumer at their (empty) ends; closes what it started if a step fails.
   */
  public static LocalPipeline start(
      EmbeddedKafkaBroker.Builder broker, Topics topics, int partitions) {
    LocalPipeline pipeline = new LocalPipeline(broker.build().start(), topics);
    try {
      pipeline.broker.createTopics(KafkaTopics.defaults(topics, partitions));
      pipeline.masks = MaskConsumer.open(pipeline.bootstrapServers(), topics, POSITION_TIMEOUT);
      pipeline.started.push(pipeline.masks);
      return pipeline;
    } catch (RuntimeException | Error e) {
      pipeline.close();
      throw e;
    }
  }

  public EmbeddedKafkaBroker broker() {
    return broker;
  }

  public String bootstrapServers() {
    return broker.bootstrapServers();
  }

  public Topics topics() {
    return topics;
  }

  /** The one consumer of the masks, mask-stats and dead-letter topics. */
  public MaskConsumer masks() {
    return masks;
  }

  /** {@code requested} on this pipeline's broker and topics. */
  public JobOptionsBuilder jobOptions(JobOptions requested) {
    return requested.toBuilder().bootstrapServers(bootstrapServers()).topics(topics);
  }

  /** Something to close with the pipeline, before everything started earlier. */
  public void attach(AutoCloseable resource) {
    push(resource);
  }

  /** Runs the streaming job on {@code env} (a local Flink); it is cancelled on close. */
  public JobClient startJob(
      JobOptions options, LabelerFactory factory, StreamExecutionEnvironment env) throws Exception {
    JobClient job = StreamingLabelingJob.onKafka(options, factory).executeAsync(env);
    push(() -> LocalFlink.cancel(job));
    return job;
  }

  /**
   * Publishes {@code framesPerCamera} frames of each feed (clips looped); returns when they are
   * acknowledged.
   */
  public void publish(List<CameraFeed> feeds, PublishRate rate, long framesPerCamera) {
    try (FramePublisher publisher =
        publisher(rate).optMaxFramesPerCamera(framesPerCamera).build()) {
      publisher.publish(feeds);
    }
  }

  /** Publishes the feeds in a loop on a thread of its own until the pipeline closes. */
  public void startPublishing(List<CameraFeed> feeds, PublishRate rate) {
    FramePublisher publisher = publisher(rate).build();
    Thread publishing =
        new Thread(
            () -> {
              try {
                publisher.publish(feeds);
              } catch (RuntimeException e) {
                if (!closing) {
                  LOG.error("Publisher stopped: {}", e.getMessage());
                }
              }
            },
            "local-publisher");
    publishing.setDaemon(true);
    publishing.start();
    push(
        () -> {
          publisher.stop();
          publishing.join(5_000);
          publisher.close();
        });
  }

  private FramePublisher.Builder publisher(PublishRate rate) {
    return FramePublisher.builder()
        .setBootstrapServers(bootstrapServers())
        .optTopic(topics.frames())
        .optRate(rate)
        .optLoop(true);
  }

  /** Synchronized with {@link #close}, which a shutdown hook may call (the demo's Ctrl-C). */
  private synchronized void push(AutoCloseable resource) {
    started.push(resource);
  }

  /** Closes everything started, newest first; a failure is logged and the rest still closed. */
  @Override
  public synchronized void close() {
    closing = true;
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", next, e.toString());
      }
    }
  }
}
