package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.*;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.FreshnessPolicy;
import dev.scenelabeler.jobs.labeling.LabelingSettings;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.WorkingSize;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Everything the labeling jobs can be told, parsed once: the defaults of the declarations in {@link
 * JobOptionDeclarations}, then (on a cluster) the Flink configuration, then a properties file, then
 * command-line flags (see {@link JobOptionsMixin}). Immutable and serializable, so operators may
 * keep the parts they need.
 *
 * <p>Read any option with {@link #get}; the getters below add meaning to the older ones (derived
 * defaults, the {@link Topics} and {@link FreshnessPolicy} they make together).
 */
public final class JobOptions implements Serializable {

  private static final long serialVersionUID = 3L;

  /** The start of a {@link TransactionalIdPrefix derived} transactional id prefix. */
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "scene-labeler-";

  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = TRANSACTION_TIMEOUT.defaultValue();

  private final OptionValues values;

  JobOptions(OptionValues values) {
    this.values = values.frozen();
    OptionChecks.check(this);
  }

  public static JobOptions defaults() {
    return builder().build();
  }

  public static JobOptionsBuilder builder() {
    return new JobOptionsBuilder(OptionValues.none());
  }

  /** A builder holding these options, to change a few. */
  public JobOptionsBuilder toBuilder() {
    return new JobOptionsBuilder(values);
  }

  /**
   * The value of {@code option}: the one given, else its default ({@code null} where it has none).
   */
  public <T extends Serializable> T get(JobOption<T> option) {
    return values.get(option);
  }

  public String bootstrapServers() {
    return get(BOOTSTRAP_SERVERS);
  }

  /** The Kafka client settings of {@code --kafka-config}; none for a PLAINTEXT broker. */
  public KafkaClientConfig kafkaConfig() {
    KafkaClientConfig config = get(KAFKA_CONFIG);
    return config == null ? KafkaClientConfig.none() : config;
  }

  public Topics topics() {
    return new Topics(
        get(FRAMES_TOPIC), get(MASKS_TOPIC), get(STATS_TOPIC), get(DEAD_LETTER_TOPIC));
  }

  public String groupId() {
    return get(GROUP_ID);
  }

  /** Which model labels (see {@link ModelSource}). */
  public ModelSource model() {
    return get(MODEL);
  }

  /**
   * The inference engine asked for ({@code onnxruntime} or {@code pytorch}); empty: the model's
   * default.
   */
  public Optional<InferenceEngine> engine() {
    return Optional.ofNullable(get(ENGINE));
  }

  public DeviceSpec device() {
    return get(DEVICE);
  }

  /**
   * The resolution frames are labeled at ({@link WorkingSize}); default: the model's trained short
   * side.
   */
  public WorkingSize workingSize() {
    return get(WORKING_SIZE);
  }

  /** The batch size asked for; empty means {@link #effectiveBatchSize(boolean) per device}. */
  public OptionalInt batchSize() {
    Integer batch = get(BATCH_SIZE);
    return batch == null ? OptionalInt.empty() : OptionalInt.of(batch);
  }

  /** The batch size a subtask uses once it knows where it runs. */
  public int effectiveBatchSize(boolean onGpu) {
    return labelingSettings().batchSizeOn(onGpu);
  }

  /** The longest a frame waits for its batch to fill. */
  public Duration maxBatchWait() {
    return get(MAX_BATCH_WAIT);
  }

  public OptionalInt parallelism() {
    Integer parallelism = get(PARALLELISM);
    return parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism);
  }

  public Duration checkpointInterval() {
    return get(CHECKPOINT_INTERVAL);
  }

  public DeliveryMode delivery() {
    return get(DELIVERY);
  }

  /** Frame records (and their images) larger than this go to the dead-letter topic. */
  public int maxFrameBytes() {
    return get(MAX_FRAME_BYTES);
  }

  public RecordLimits recordLimits() {
    return new RecordLimits(maxFrameBytes());
  }

  public Duration transactionTimeout() {
    return get(TRANSACTION_TIMEOUT);
  }

  /**
   * The Kafka transactional id prefix: the one given, else one {@link TransactionalIdPrefix
   * derived} from the job.
   */
  public String transactionalIdPrefix() {
    String given = get(TRANSACTIONAL_ID_PREFIX);
    return given != null
        ? given
        : TransactionalIdPrefix.derive(DEFAULT_TRANSACTIONAL_ID_PREFIX, groupId(), topics());
  }

  /**
   * Live (the default): a frame that would be older than {@link #maxFrameAge()} when its mask comes
   * out is skipped and counted, so latency stays bounded when cameras outrun the labeler. Archive:
   * every frame is labeled, however late.
   */
  public FreshnessPolicy freshness() {
    return get(MODE).equals("live")
        ? FreshnessPolicy.live(maxFrameAge())
        : FreshnessPolicy.archive();
  }

  /** The latency budget of live mode: older frames are skipped. */
  public Duration maxFrameAge() {
    return get(MAX_FRAME_AGE);
  }

  /**
   * Where checkpoints are kept so that they outlive the process (a directory or a file system URI
   * such as {@code s3://bucket/checkpoints}); empty: {@code stream} uses a directory under {@code
   * ~/.scene-labeler/checkpoints}, a cluster its own configured storage.
   */
  public Optional<String> checkpointDir() {
    return Optional.ofNullable(get(CHECKPOINT_DIR));
  }

  /**
   * Overrides from a properties file; keys as in {@link JobOptionDeclarations}.
   *
   * @throws IllegalArgumentException naming the file, for an unreadable file, an unknown key or a
   *     bad value
   */
  public static JobOptionsBuilder fromPropertiesFile(Path file) {
    return builder().applyPropertiesFile(file);
  }

  /** Every option as {@code key=value}, defaults included, in declaration order. */
  @Override
  public String toString() {
    return values
        + (get(TRANSACTIONAL_ID_PREFIX) == null
            ? " (derived transactional.id.prefix=" + transactionalIdPrefix() + ")"
            : "");
  }

  /**
   * What the labeling operators are told: device, batching, frame limit, freshness, queue bound,
   * temporal filter.
   */
  public LabelingSettings labelingSettings() {
    return new LabelingSettings(
        device(),
        batchSize().isPresent() ? batchSize().getAsInt() : null,
        maxBatchWait(),
        maxFrameBytes(),
        freshness(),
        get(JobOptionDeclarations.MAX_QUEUED_FRAMES),
        get(JobOptionDeclarations.TEMPORAL_FILTER));
  }

  /** The model, engine and working size these options name. */
  public SceneModelLabelerFactory labelerFactory() {
    return SceneModelLabelerFactory.of(model())
        .onEngine(engine().orElse(null))
        .atWorkingSize(workingSize())
        .inPrecision(get(PRECISION));
  }
}
