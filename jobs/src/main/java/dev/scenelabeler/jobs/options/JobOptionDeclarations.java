package dev.scenelabeler.jobs.options;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.FreshnessPolicy;
import dev.scenelabeler.jobs.labeling.LabelingSettings;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.WorkingSize;
import dev.scenelabeler.models.quant.Precision;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Every option of the labeling jobs, each declared once; {@link #ALL} in the order {@code --help}
 * shows them. A new option is one declaration here plus its use ({@code options.get(NEW_OPTION)});
 * flags, properties keys, Flink configuration keys and help follow.
 */
public final class JobOptionDeclarations {

  private static final List<JobOption<?>> DECLARED =
      new ArrayList<>(); // filled by declare(), in order
  private static final Consumer<String> NOT_BLANK =
      value -> require(!value.isBlank(), "must not be empty");

  /** The largest image a frame record may carry: what {@link RecordLimits} accepts. */
  private static final int MAX_FRAME_BYTES_LIMIT =
      Integer.MAX_VALUE - RecordLimits.MAX_METADATA_BYTES;

  public static final JobOption<String> BOOTSTRAP_SERVERS =
      declare(
          JobOption.key("bootstrap.servers")
              .stringType()
              .flag("HOST:PORT", "--bootstrap")
              .defaultValue("127.0.0.1:9092")
              .check(NOT_BLANK)
              .description("Kafka bootstrap servers"));

  /**
   * Read when the options are (on a cluster: where the job is built, so the file must be there,
   * e.g. a mounted Kubernetes Secret); secret values are hidden wherever the options are printed.
   */
  public static final JobOption<KafkaClientConfig> KAFKA_CONFIG =
      declare(
          JobOption.key("kafka.config")
              .type(KafkaClientConfig.class, KafkaClientConfig::parse, KafkaClientConfig::source)
              .displayedAs(KafkaClientConfig::toString)
              .flag("FILE", "--kafka-config")
              .noDefault("none: PLAINTEXT, no authentication")
              .description(
                  "Kafka client properties for every client of the job (security.protocol, sasl.*,"
                      + " ssl.*), as Kafka's tools take --command-config; secrets can come from the"
                      + " environment or a file through Kafka's config providers"
                      + " (docs/SECURITY.md)"));

  public static final JobOption<String> FRAMES_TOPIC =
      topic("frames", "--frames-topic", Topics.FRAMES, "Frames");
  public static final JobOption<String> MASKS_TOPIC =
      topic("masks", "--masks-topic", Topics.MASKS, "Masks");
  public static final JobOption<String> STATS_TOPIC =
      topic("mask-stats", "--stats-topic", Topics.MASK_STATS, "Per-frame stats");
  public static final JobOption<String> DEAD_LETTER_TOPIC =
      topic("frames-dlq", "--dlq-topic", Topics.FRAMES_DLQ, "Dead-letter");

  public static final JobOption<String> GROUP_ID =
      declare(
          JobOption.key("group.id")
              .stringType()
              .flag("ID", "--group")
              .defaultValue("scene-labeler")
              .check(NOT_BLANK)
              .description("Consumer group id of the frames source"));

  /** Read by {@link ModelSource#parse}, as {@code --model} of the models commands is. */
  public static final JobOption<ModelSource> MODEL =
      declare(
          JobOption.key("model")
              .type(ModelSource.class, ModelSource::parse)
              .flag(ModelSource.PARAM_LABEL, "--model")
              .defaultValue(ModelSource.defaultModel())
              .description("Model: " + ModelSource.FORMS));

  public static final JobOption<InferenceEngine> ENGINE =
      declare(
          JobOption.key("engine")
              .type(InferenceEngine.class, InferenceEngine::parse)
              .flag("onnxruntime|pytorch", "--engine")
              .noDefault(
                  "onnxruntime where the model has an ONNX graph, the faster; pytorch for the"
                      + " first-generation networks")
              .description("Inference engine"));

  /** Declared with {@link WorkingSize}'s own flag and help, which the models commands share. */
  public static final JobOption<WorkingSize> WORKING_SIZE =
      declare(
          JobOption.key("working.size")
              .type(WorkingSize.class, WorkingSize::parse)
              .flag(WorkingSize.PARAM_LABEL, WorkingSize.FLAG)
              .defaultValue(WorkingSize.trained())
              .description(WorkingSize.DESCRIPTION));

  /** Declared with {@link Precision}'s own flag and help, which the models commands share. */
  public static final JobOption<Precision> PRECISION =
      declare(
          JobOption.key("precision")
              .type(Precision.class, Precision::parse)
              .flag(Precision.PARAM_LABEL, Precision.FLAG)
              .defaultValue(Precision.FP32)
              .description(Precision.DESCRIPTION));

  /**
   * Declared with {@link TemporalFilterSettings}' own flag and help, which the models commands
   * share; on for streams and videos ({@code label}, for still images, has no such option).
   */
  public static final JobOption<TemporalFilterSettings> TEMPORAL_FILTER =
      declare(
          JobOption.key("temporal.filter")
              .type(TemporalFilterSettings.class, TemporalFilterSettings::parse)
              .flag(TemporalFilterSettings.PARAM_LABEL, TemporalFilterSettings.FLAG)
              .defaultValue(TemporalFilterSettings.flow())
              .description(TemporalFilterSettings.DESCRIPTION));

  public static final JobOption<DeviceSpec> DEVICE =
      declare(
          JobOption.key("device")
              .type(DeviceSpec.class, DeviceSpec::parse)
              .flag("auto|cpu|gpu:N", "--device")
              .defaultValue(DeviceSpec.auto())
              .description(
                  "Where to label; GPUs assigned by Flink's external resources win over auto"));

  public static final JobOption<Integer> BATCH_SIZE =
      declare(
          JobOption.key("batch.size")
              .intType()
              .flag("B", "--batch")
              .noDefault(
                  LabelingSettings.DEFAULT_CPU_BATCH
                      + " on CPU, "
                      + LabelingSettings.DEFAULT_GPU_BATCH
                      + " on GPU")
              .check(
                  b ->
                      require(
                          b >= 1 && b <= LabelingSettings.MAX_BATCH,
                          "must be 1.." + LabelingSettings.MAX_BATCH + ", got " + b))
              .description("Frames per forward pass"));

  public static final JobOption<Duration> MAX_BATCH_WAIT =
      declare(
          JobOption.key("batch.max-wait-ms")
              .millisType()
              .flag("MS", "--max-wait-ms")
              .defaultValue(Duration.ofMillis(20))
              .check(d -> require(!d.isNegative(), "must be >= 0 ms, got " + d.toMillis()))
              .description("Longest a frame waits for its batch to fill"));

  public static final JobOption<Integer> PARALLELISM =
      declare(
          JobOption.key("parallelism")
              .intType()
              .flag("N", "-p", "--parallelism")
              .noDefault("the environment's")
              .check(p -> require(p >= 1, "must be >= 1, got " + p))
              .description("Labeling subtasks"));

  /**
   * Masks become visible to read_committed consumers when a checkpoint commits, so this is also the
   * extra latency a dashboard sees in exactly-once mode.
   */
  public static final JobOption<Duration> CHECKPOINT_INTERVAL =
      declare(
          JobOption.key("checkpoint.interval-ms")
              .millisType()
              .flag("MS", "--checkpoint-ms")
              .defaultValue(Duration.ofSeconds(1))
              .check(d -> require(d.toMillis() >= 10, "must be >= 10 ms, got " + d.toMillis()))
              .description(
                  "Checkpoint interval; in exactly-once mode also when masks become visible"));

  public static final JobOption<DeliveryMode> DELIVERY =
      declare(
          JobOption.key("delivery")
              .type(DeliveryMode.class, DeliveryMode::parse)
              .flag("exactly-once|at-least-once", "--delivery")
              .defaultValue(DeliveryMode.EXACTLY_ONCE)
              .description("Mask delivery guarantee"));

  public static final JobOption<Integer> MAX_FRAME_BYTES =
      declare(
          JobOption.key("max.frame.bytes")
              .intType()
              .flag("BYTES", "--max-frame-bytes")
              .defaultValue(RecordLimits.DEFAULT_MAX_IMAGE_BYTES)
              .check(
                  n ->
                      require(
                          n >= 1 && n <= MAX_FRAME_BYTES_LIMIT,
                          "must be 1.." + MAX_FRAME_BYTES_LIMIT + ", got " + n))
              .description(
                  "Larger frame records go to the dead-letter topic; frames label-video reads from"
                      + " files have no such limit"));

  /**
   * Must stay below the broker's transaction.max.timeout.ms (15 minutes by default) and well above
   * the checkpoint interval plus a restart, or open transactions are aborted.
   */
  public static final JobOption<Duration> TRANSACTION_TIMEOUT =
      declare(
          JobOption.key("transaction.timeout-ms")
              .millisType()
              .flag("MS", "--tx-timeout-ms")
              .defaultValue(Duration.ofMinutes(10))
              .description(
                  "Kafka transaction timeout; must not exceed the broker's"
                      + " transaction.max.timeout.ms"));

  public static final JobOption<String> TRANSACTIONAL_ID_PREFIX =
      declare(
          JobOption.key("transactional.id.prefix")
              .stringType()
              .flag("PREFIX", "--transactional-id-prefix")
              .noDefault(
                  JobOptions.DEFAULT_TRANSACTIONAL_ID_PREFIX
                      + "<hash of the group id and the topics>")
              .description("Kafka transactional id prefix, unique per job on a cluster"));

  public static final JobOption<String> CHECKPOINT_DIR =
      declare(
          JobOption.key("checkpoint.dir")
              .stringType()
              .flag("DIR|URI", "--checkpoint-dir")
              .noDefault(
                  "for stream: ~/.scene-labeler/checkpoints/GROUP; on a cluster: the cluster's own"
                      + " storage")
              .description(
                  "Where checkpoints are kept, retained when the job stops, to resume from on the"
                      + " next start"));

  public static final JobOption<String> MODE =
      declare(
          JobOption.key("mode")
              .type(String.class, JobOptionDeclarations::mode)
              .flag("live|archive", "--mode")
              .defaultValue("live")
              .description(
                  "live: a frame that would be older than --max-frame-age when its mask comes out"
                      + " is skipped and counted (latency stays bounded when cameras outrun the"
                      + " labeler); archive: every frame is labeled"));

  public static final JobOption<Duration> MAX_FRAME_AGE =
      declare(
          JobOption.key("max.frame.age-ms")
              .millisType()
              .flag("MS", "--max-frame-age")
              .defaultValue(FreshnessPolicy.DEFAULT_MAX_AGE)
              .check(d -> require(d.toMillis() > 0, "must be > 0 ms, got " + d.toMillis()))
              .description("Live mode's latency budget: older frames are skipped, not labeled"));

  /**
   * Bounds a labeling subtask's heap: each queued frame is a raw record of up to max.frame.bytes.
   */
  public static final JobOption<Integer> MAX_QUEUED_FRAMES =
      declare(
          JobOption.key("queue.max-frames")
              .intType()
              .flag("N", "--max-queued-frames")
              .noDefault("64, or twice the batch size if more")
              .check(n -> require(n >= 1, "must be >= 1, got " + n))
              .description(
                  "Most frames a labeling subtask holds before it labels a batch instead of taking"
                      + " more in (back-pressure to Kafka); at least the batch size"));

  /** Every declared option, in the order {@code --help} shows them. */
  public static final List<JobOption<?>> ALL = Collections.unmodifiableList(DECLARED);

  private JobOptionDeclarations() {}

  private static <T extends Serializable> JobOption<T> declare(JobOption<T> option) {
    DECLARED.add(option);
    return option;
  }

  /** The topic of one role, key {@code topic.ROLE}. */
  private static JobOption<String> topic(
      String role, String flag, String defaultName, String what) {
    return declare(
        JobOption.key("topic." + role)
            .stringType()
            .flag("TOPIC", flag)
            .defaultValue(defaultName)
            .check(NOT_BLANK)
            .description(what + " topic"));
  }

  /** The declared option with this properties key. */
  public static Optional<JobOption<?>> byKey(String key) {
    return ALL.stream().filter(o -> o.key().equals(key)).findFirst();
  }

  private static String mode(String text) {
    String mode = text.trim().toLowerCase(Locale.ROOT);
    require(
        mode.equals("live") || mode.equals("archive"),
        "must be 'live' or 'archive', got '" + text + "'");
    return mode;
  }

  private static void require(boolean condition, String message) {
    if (!condition) {
      throw new IllegalArgumentException(message);
    }
  }
}
