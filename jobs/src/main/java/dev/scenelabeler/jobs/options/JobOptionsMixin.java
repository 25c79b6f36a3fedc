package dev.scenelabeler.jobs.options;

import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * The job options as command-line flags, shared by every command that runs the labeling job.
 * A flag left out keeps the value from {@code --config} (a properties file) or the default.
 */
public final class JobOptionsMixin {

  @Option(names = "--config", paramLabel = "FILE",
      description = "Properties file with job options (keys: bootstrap.servers, topic.frames, topic.masks, "
          + "topic.mask-stats, topic.frames-dlq, group.id, model, engine, device, batch.size, batch.max-wait-ms, "
          + "parallelism, checkpoint.interval-ms, delivery, max.frame.bytes, transaction.timeout-ms, "
          + "transactional.id.prefix, checkpoint.dir, mode, max.frame.age-ms); flags override it.")
  Path config;

  @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (default 127.0.0.1:9092).")
  String bootstrap;

  @Option(names = "--frames-topic", paramLabel = "TOPIC", description = "Frames topic (default frames).")
  String framesTopic;

  @Option(names = "--masks-topic", paramLabel = "TOPIC", description = "Masks topic (default masks).")
  String masksTopic;

  @Option(names = "--stats-topic", paramLabel = "TOPIC", description = "Per-frame stats topic (default mask-stats).")
  String statsTopic;

  @Option(names = "--dlq-topic", paramLabel = "TOPIC", description = "Dead-letter topic (default frames-dlq).")
  String deadLetterTopic;

  @Option(names = "--group", paramLabel = "ID", description = "Consumer group id (default scene-labeler).")
  String groupId;

  @Option(names = "--model", paramLabel = "DIR|default|untrained:NET",
      description = "Model directory, 'default' (the committed default model) or 'untrained:farabet2013[:SEED]' "
          + "(seeded weights, to check the plumbing) (default: default).")
  String model;

  @Option(names = "--engine", paramLabel = "onnxruntime|pytorch",
      description = "Inference engine (default: onnxruntime where the model has an ONNX graph, the faster; pytorch "
          + "for the first-generation networks).")
  String engine;

  @Option(names = "--device", paramLabel = "auto|cpu|gpu:N",
      description = "Where to label; GPUs assigned by Flink's external resources win over auto (default auto).")
  String device;

  @Option(names = "--batch", paramLabel = "B", description = "Frames per forward pass (default 1 on CPU, 8 on GPU).")
  Integer batchSize;

  @Option(names = "--max-wait-ms", paramLabel = "T", description = "Longest a frame waits for its batch to fill (default 20).")
  Integer maxWaitMs;

  @Option(names = {"-p", "--parallelism"}, paramLabel = "N", description = "Labeling subtasks (default: the environment's).")
  Integer parallelism;

  @Option(names = "--checkpoint-ms", paramLabel = "MS",
      description = "Checkpoint interval; in exactly-once mode also when masks become visible (default 1000).")
  Integer checkpointMs;

  @Option(names = "--delivery", paramLabel = "exactly-once|at-least-once", description = "Mask delivery guarantee (default exactly-once).")
  String delivery;

  @Option(names = "--max-frame-bytes", paramLabel = "BYTES", description = "Larger frame records go to the dead-letter topic (default 8 MiB); frames label-video reads from files have no such limit.")
  Integer maxFrameBytes;

  @Option(names = "--tx-timeout-ms", paramLabel = "MS",
      description = "Kafka transaction timeout; must not exceed the broker's transaction.max.timeout.ms (default 600000).")
  Integer transactionTimeoutMs;

  @Option(names = "--transactional-id-prefix", paramLabel = "PREFIX",
      description = "Kafka transactional id prefix, unique per job on a cluster "
          + "(default scene-labeler-<hash of the group id and the topics>).")
  String transactionalIdPrefix;

  @Option(names = "--checkpoint-dir", paramLabel = "DIR|URI",
      description = "Where checkpoints are kept, retained when the job stops, to resume from on the next start "
          + "(default for stream: ~/.scene-labeler/checkpoints/GROUP; on a cluster: the cluster's own storage).")
  String checkpointDir;

  @Option(names = "--mode", paramLabel = "live|archive",
      description = "live: a frame older than --max-frame-age when the labeler can take it is skipped and counted "
          + "(latency stays bounded when cameras outrun the labeler); archive: every frame is labeled (default live).")
  String mode;

  @Option(names = "--max-frame-age", paramLabel = "MS",
      description = "Live mode's latency budget: older frames are skipped, not labeled (default 1000).")
  Integer maxFrameAgeMs;

  /** Defaults, then {@code --config}, then the flags given. */
  public JobOptions.Builder toBuilder() {
    JobOptions.Builder b = config != null ? JobOptions.fromPropertiesFile(config) : JobOptions.builder();
    JobOptions current = b.build();
    if (bootstrap != null) {
      b.bootstrapServers(bootstrap);
    }
    var topics = current.topics();
    if (framesTopic != null) {
      topics = topics.withFrames(framesTopic);
    }
    if (masksTopic != null) {
      topics = topics.withMasks(masksTopic);
    }
    if (statsTopic != null) {
      topics = topics.withMaskStats(statsTopic);
    }
    if (deadLetterTopic != null) {
      topics = topics.withDeadLetters(deadLetterTopic);
    }
    b.topics(topics);
    if (groupId != null) {
      b.groupId(groupId);
    }
    if (model != null) {
      b.model(model);
    }
    if (engine != null) {
      b.engine(engine);
    }
    if (device != null) {
      b.device(DeviceSpec.parse(device));
    }
    if (batchSize != null) {
      b.batchSize(batchSize);
    }
    if (maxWaitMs != null) {
      b.maxBatchWait(Duration.ofMillis(maxWaitMs));
    }
    if (parallelism != null) {
      b.parallelism(parallelism);
    }
    if (checkpointMs != null) {
      b.checkpointInterval(Duration.ofMillis(checkpointMs));
    }
    if (delivery != null) {
      b.delivery(DeliveryMode.parse(delivery));
    }
    if (maxFrameBytes != null) {
      b.maxFrameBytes(maxFrameBytes);
    }
    if (transactionTimeoutMs != null) {
      b.transactionTimeout(Duration.ofMillis(transactionTimeoutMs));
    }
    if (transactionalIdPrefix != null) {
      b.transactionalIdPrefix(transactionalIdPrefix);
    }
    if (checkpointDir != null) {
      b.checkpointDir(checkpointDir);
    }
    if (mode != null) {
      b.mode(mode);
    }
    if (maxFrameAgeMs != null) {
      b.maxFrameAge(Duration.ofMillis(maxFrameAgeMs));
    }
    return b;
  }

  public JobOptions toOptions() {
    return toBuilder().build();
  }
}
