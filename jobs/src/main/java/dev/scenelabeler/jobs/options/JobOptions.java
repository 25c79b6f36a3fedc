package dev.scenelabeler.jobs.options;

import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.FreshnessPolicy;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import java.io.IOException;
import java.io.Reader;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.function.BiConsumer;

/**
 * Everything the labeling jobs can be told, parsed once: defaults in code, then a properties
 * file, then command-line flags (see {@link JobOptionsMixin}). Immutable and serializable, so
 * operators may keep the parts they need.
 *
 * <p>Properties-file keys are listed in {@link #PROPERTY_KEYS}; an unknown key is an error,
 * so a typo does not silently fall back to a default.
 */
public final class JobOptions implements Serializable {

  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:9092";
  public static final String DEFAULT_GROUP_ID = "scene-labeler";
  /**
   * The default transactional id prefix is this plus a short hash of the job's identity (group
   * id and its four topics), so two jobs on one broker never fence each other's transactions.
   */
  public static final String DEFAULT_TRANSACTIONAL_ID_PREFIX = "scene-labeler-";
  /** Batch size on a GPU when none is given: keeps the device busy without hurting latency much. */
  public static final int DEFAULT_GPU_BATCH = 8;
  /** Batch size on a CPU when none is given: batching buys nothing there and adds latency. */
  public static final int DEFAULT_CPU_BATCH = 1;
  public static final int MAX_BATCH = 256;
  public static final Duration DEFAULT_MAX_BATCH_WAIT = Duration.ofMillis(20);
  /**
   * Masks become visible to read_committed consumers when a checkpoint commits, so this is
   * also the extra latency a dashboard sees in exactly-once mode.
   */
  public static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(1);
  /**
   * Must stay below the broker's transaction.max.timeout.ms (15 minutes by default) and well
   * above the checkpoint interval plus a restart, or open transactions are aborted.
   */
  public static final Duration DEFAULT_TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

  /** The keys a properties file may set, in the order {@code --help} shows them. */
  public static final Map<String, String> PROPERTY_KEYS = propertyKeys();

  private final String bootstrapServers;
  private final Topics topics;
  private final String groupId;
  private final String model; // "default", "untrained:NETWORK[:SEED]" or a model directory
  private final String engine; // null: the model's default (ONNX Runtime where it has an ONNX graph)
  private final String device; // DeviceSpec is not Serializable
  private final Integer batchSize; // null: per device, see effectiveBatchSize
  private final Duration maxBatchWait;
  private final Integer parallelism; // null: the environment's default
  private final Duration checkpointInterval;
  private final DeliveryMode delivery;
  private final int maxFrameBytes;
  private final Duration transactionTimeout;
  private final String transactionalIdPrefix; // null: derived, see transactionalIdPrefix()
  private final String checkpointDir; // null: per deployment, see checkpointDir()
  private final boolean live;
  private final Duration maxFrameAge;

  private JobOptions(Builder b) {
    this.bootstrapServers = requireText(b.bootstrapServers, "bootstrap servers");
    this.topics = Objects.requireNonNull(b.topics, "topics");
    this.groupId = requireText(b.groupId, "group id");
    this.model = requireText(b.model, "model");
    this.engine = b.engine == null || b.engine.isBlank() ? null : InferenceEngine.parse(b.engine).toString();
    this.device = Objects.requireNonNull(b.device, "device").toString();
    this.batchSize = b.batchSize;
    this.maxBatchWait = Objects.requireNonNull(b.maxBatchWait, "max batch wait");
    this.parallelism = b.parallelism;
    this.checkpointInterval = Objects.requireNonNull(b.checkpointInterval, "checkpoint interval");
    this.delivery = Objects.requireNonNull(b.delivery, "delivery");
    this.maxFrameBytes = b.maxFrameBytes;
    this.transactionTimeout = Objects.requireNonNull(b.transactionTimeout, "transaction timeout");
    this.transactionalIdPrefix = b.transactionalIdPrefix == null ? null
        : requireText(b.transactionalIdPrefix, "transactional id prefix");
    this.checkpointDir = b.checkpointDir == null || b.checkpointDir.isBlank() ? null : b.checkpointDir.trim();
    this.live = b.live;
    this.maxFrameAge = Objects.requireNonNull(b.maxFrameAge, "max frame age");
    validate();
  }

  private void validate() {
    if (batchSize != null && (batchSize < 1 || batchSize > MAX_BATCH)) {
      throw new IllegalArgumentException("batch size must be 1.." + MAX_BATCH + ", got " + batchSize);
    }
    if (maxBatchWait.isNegative()) {
      throw new IllegalArgumentException("max batch wait must be >= 0 ms, got " + maxBatchWait.toMillis());
    }
    if (parallelism != null && parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    if (checkpointInterval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "checkpoint interval must be >= 10 ms, got " + checkpointInterval.toMillis());
    }
    new RecordLimits(maxFrameBytes); // throws with the allowed range
    freshness(); // throws for a max frame age <= 0
    if (delivery == DeliveryMode.EXACTLY_ONCE
        && transactionTimeout.compareTo(checkpointInterval.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("transaction timeout (" + transactionTimeout.toMillis()
          + " ms) must be at least twice the checkpoint interval (" + checkpointInterval.toMillis()
          + " ms), or transactions time out before their checkpoint commits them");
    }
  }

  public static JobOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these options, to change a few. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.bootstrapServers = bootstrapServers;
    b.topics = topics;
    b.groupId = groupId;
    b.model = model;
    b.engine = engine;
    b.device = DeviceSpec.parse(device);
    b.batchSize = batchSize;
    b.maxBatchWait = maxBatchWait;
    b.parallelism = parallelism;
    b.checkpointInterval = checkpointInterval;
    b.delivery = delivery;
    b.maxFrameBytes = maxFrameBytes;
    b.transactionTimeout = transactionTimeout;
    b.transactionalIdPrefix = transactionalIdPrefix;
    b.checkpointDir = checkpointDir;
    b.live = live;
    b.maxFrameAge = maxFrameAge;
    return b;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  public Topics topics() {
    return topics;
  }

  public String groupId() {
    return groupId;
  }

  /**
   * Which model labels: {@code default} (the committed default model), {@code
   * untrained:NETWORK[:SEED]} (seeded weights, for plumbing checks) or a model directory.
   */
  public String model() {
    return model;
  }

  /** The inference engine asked for ({@code onnxruntime} or {@code pytorch}); empty: the model's default. */
  public Optional<InferenceEngine> engine() {
    return Optional.ofNullable(engine).map(InferenceEngine::parse);
  }

  public DeviceSpec device() {
    return DeviceSpec.parse(device);
  }

  /** The batch size asked for; empty means {@link #effectiveBatchSize(boolean) per device}. */
  public OptionalInt batchSize() {
    return batchSize == null ? OptionalInt.empty() : OptionalInt.of(batchSize);
  }

  /** The batch size a subtask uses once it knows where it runs. */
  public int effectiveBatchSize(boolean onGpu) {
    return batchSize != null ? batchSize : onGpu ? DEFAULT_GPU_BATCH : DEFAULT_CPU_BATCH;
  }

  /** The longest a frame waits for its batch to fill. */
  public Duration maxBatchWait() {
    return maxBatchWait;
  }

  public OptionalInt parallelism() {
    return parallelism == null ? OptionalInt.empty() : OptionalInt.of(parallelism);
  }

  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  public DeliveryMode delivery() {
    return delivery;
  }

  /** Frame records (and their images) larger than this go to the dead-letter topic. */
  public int maxFrameBytes() {
    return maxFrameBytes;
  }

  public RecordLimits recordLimits() {
    return new RecordLimits(maxFrameBytes);
  }

  public Duration transactionTimeout() {
    return transactionTimeout;
  }

  /**
   * The Kafka transactional id prefix: the one given, else {@value #DEFAULT_TRANSACTIONAL_ID_PREFIX}
   * plus 8 hex digits of a hash of the group id and the four topic names. Jobs that differ in
   * any of these get different prefixes; a job restarted with the same options gets the same
   * one (so it can abort its own lingering transactions).
   */
  public String transactionalIdPrefix() {
    return transactionalIdPrefix != null ? transactionalIdPrefix : derivedTransactionalIdPrefix();
  }

  private String derivedTransactionalIdPrefix() {
    String identity = String.join("\u0000", groupId, topics.frames(), topics.masks(), topics.maskStats(),
        topics.deadLetters());
    byte[] digest;
    try {
      digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(identity.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
    return DEFAULT_TRANSACTIONAL_ID_PREFIX + java.util.HexFormat.of().formatHex(digest, 0, 4);
  }

  /**
   * Live (the default): a frame older than {@link #maxFrameAge()} when the labeler can take it
   * is skipped and counted, so latency stays bounded when cameras outrun the labeler. Archive:
   * every frame is labeled, however late.
   */
  public FreshnessPolicy freshness() {
    return live ? FreshnessPolicy.live(maxFrameAge) : FreshnessPolicy.archive();
  }

  /** The latency budget of live mode: older frames are skipped. */
  public Duration maxFrameAge() {
    return maxFrameAge;
  }

  /**
   * Where checkpoints are kept so that they outlive the process (a directory or a file system
   * URI such as {@code s3://bucket/checkpoints}); empty: {@code stream} uses a directory under
   * {@code ~/.scene-labeler/checkpoints}, a cluster its own configured storage.
   */
  public Optional<String> checkpointDir() {
    return Optional.ofNullable(checkpointDir);
  }

  /** Overrides from a properties file; keys as in {@link #PROPERTY_KEYS}. */
  public static Builder fromPropertiesFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read options file " + file + ": " + e.getMessage(), e);
    }
    try {
      return builder().applyProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "bootstrap=" + bootstrapServers + " topics=" + topics.frames() + "->" + topics.masks()
        + "/" + topics.maskStats() + "/" + topics.deadLetters() + " group=" + groupId
        + " model=" + model + (engine == null ? "" : " engine=" + engine) + " device=" + device
        + " batch=" + (batchSize == null ? "auto" : batchSize) + " maxWait=" + maxBatchWait.toMillis()
        + "ms parallelism=" + (parallelism == null ? "default" : parallelism)
        + " checkpoint=" + checkpointInterval.toMillis() + "ms delivery=" + delivery
        + " maxFrameBytes=" + maxFrameBytes + " txTimeout=" + transactionTimeout.toMillis() + "ms"
        + " txIdPrefix=" + transactionalIdPrefix() + " mode=" + freshness()
        + (checkpointDir == null ? "" : " checkpointDir=" + checkpointDir);
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(what + " must not be empty");
    }
    return value.trim();
  }

  private static Map<String, String> propertyKeys() {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("bootstrap.servers", "Kafka bootstrap servers (" + DEFAULT_BOOTSTRAP + ")");
    keys.put("topic.frames", "frames topic (" + Topics.FRAMES + ")");
    keys.put("topic.masks", "masks topic (" + Topics.MASKS + ")");
    keys.put("topic.mask-stats", "stats topic (" + Topics.MASK_STATS + ")");
    keys.put("topic.frames-dlq", "dead-letter topic (" + Topics.FRAMES_DLQ + ")");
    keys.put("group.id", "consumer group of the frames source (" + DEFAULT_GROUP_ID + ")");
    keys.put("model", "default | untrained:NETWORK[:SEED] | a model directory (default)");
    keys.put("engine", "onnxruntime | pytorch (the model's default: onnxruntime where it has an ONNX graph)");
    keys.put("device", "auto | cpu | gpu:N (auto)");
    keys.put("batch.size", "frames per forward pass (" + DEFAULT_CPU_BATCH + " on CPU, "
        + DEFAULT_GPU_BATCH + " on GPU)");
    keys.put("batch.max-wait-ms", "longest a frame waits for its batch (" + DEFAULT_MAX_BATCH_WAIT.toMillis() + ")");
    keys.put("parallelism", "labeling subtasks (the environment's default)");
    keys.put("checkpoint.interval-ms", "checkpoint interval (" + DEFAULT_CHECKPOINT_INTERVAL.toMillis() + ")");
    keys.put("delivery", "exactly-once | at-least-once (exactly-once)");
    keys.put("max.frame.bytes", "largest frame record accepted (" + RecordLimits.DEFAULT_MAX_IMAGE_BYTES + ")");
    keys.put("transaction.timeout-ms", "Kafka transaction timeout (" + DEFAULT_TRANSACTION_TIMEOUT.toMillis() + ")");
    keys.put("transactional.id.prefix", "Kafka transactional id prefix (" + DEFAULT_TRANSACTIONAL_ID_PREFIX
        + "<hash of group id and topics>)");
    keys.put("checkpoint.dir", "directory or URI for retained checkpoints (~/.scene-labeler/checkpoints/GROUP)");
    keys.put("mode", "live | archive: live skips frames older than max.frame.age-ms (live)");
    keys.put("max.frame.age-ms", "live mode's latency budget (" + FreshnessPolicy.DEFAULT_MAX_AGE.toMillis() + ")");
    return java.util.Collections.unmodifiableMap(keys);
  }

  /** Collects settings; {@link #build()} validates them together. */
  public static final class Builder {
    private String bootstrapServers = DEFAULT_BOOTSTRAP;
    private Topics topics = Topics.DEFAULTS;
    private String groupId = DEFAULT_GROUP_ID;
    private String model = "default";
    private String engine;
    private DeviceSpec device = DeviceSpec.auto();
    private Integer batchSize;
    private Duration maxBatchWait = DEFAULT_MAX_BATCH_WAIT;
    private Integer parallelism;
    private Duration checkpointInterval = DEFAULT_CHECKPOINT_INTERVAL;
    private DeliveryMode delivery = DeliveryMode.EXACTLY_ONCE;
    private int maxFrameBytes = RecordLimits.DEFAULT_MAX_IMAGE_BYTES;
    private Duration transactionTimeout = DEFAULT_TRANSACTION_TIMEOUT;
    private String transactionalIdPrefix; // null: derived from group id and topics
    private String checkpointDir;
    private boolean live = true;
    private Duration maxFrameAge = FreshnessPolicy.DEFAULT_MAX_AGE;

    private Builder() {}

    public Builder bootstrapServers(String value) {
      this.bootstrapServers = value;
      return this;
    }

    public Builder topics(Topics value) {
      this.topics = value;
      return this;
    }

    public Builder groupId(String value) {
      this.groupId = value;
      return this;
    }

    /** {@code onnxruntime} or {@code pytorch}; null or blank: the model's default. */
    public Builder engine(String value) {
      this.engine = value;
      return this;
    }

    /** {@code default}, {@code untrained:NETWORK[:SEED]} or a model directory. */
    public Builder model(String value) {
      this.model = value;
      return this;
    }

    public Builder device(DeviceSpec value) {
      this.device = value;
      return this;
    }

    /** {@code null} picks per device. */
    public Builder batchSize(Integer value) {
      this.batchSize = value;
      return this;
    }

    public Builder maxBatchWait(Duration value) {
      this.maxBatchWait = value;
      return this;
    }

    /** {@code null} uses the environment's default. */
    public Builder parallelism(Integer value) {
      this.parallelism = value;
      return this;
    }

    public Builder checkpointInterval(Duration value) {
      this.checkpointInterval = value;
      return this;
    }

    public Builder delivery(DeliveryMode value) {
      this.delivery = value;
      return this;
    }

    public Builder maxFrameBytes(int value) {
      this.maxFrameBytes = value;
      return this;
    }

    public Builder transactionTimeout(Duration value) {
      this.transactionTimeout = value;
      return this;
    }

    /** {@code null} derives one from the group id and topics. */
    public Builder transactionalIdPrefix(String value) {
      this.transactionalIdPrefix = value;
      return this;
    }

    /** A directory or file system URI; {@code null} uses the default (see {@link JobOptions#checkpointDir()}). */
    public Builder checkpointDir(String value) {
      this.checkpointDir = value;
      return this;
    }

    /** {@code live} (skip frames older than the max frame age) or {@code archive} (label every frame). */
    public Builder mode(String value) {
      String mode = value == null ? "" : value.trim().toLowerCase(java.util.Locale.ROOT);
      switch (mode) {
        case "live" -> this.live = true;
        case "archive" -> this.live = false;
        default -> throw new IllegalArgumentException("mode must be 'live' or 'archive', got '" + value + "'");
      }
      return this;
    }

    /** Archive mode: every frame is labeled. */
    public Builder archive() {
      this.live = false;
      return this;
    }

    /** Live mode with this latency budget. */
    public Builder live(Duration maxFrameAge) {
      this.live = true;
      this.maxFrameAge = maxFrameAge;
      return this;
    }

    public Builder maxFrameAge(Duration value) {
      this.maxFrameAge = value;
      return this;
    }

    /** Applies every key of {@code properties}; unknown keys and bad values are errors. */
    public Builder applyProperties(Properties properties) {
      Map<String, BiConsumer<Builder, String>> setters = Map.ofEntries(
          Map.entry("bootstrap.servers", Builder::bootstrapServers),
          Map.entry("topic.frames", (b, v) -> b.topics(b.topics.withFrames(v.trim()))),
          Map.entry("topic.masks", (b, v) -> b.topics(b.topics.withMasks(v.trim()))),
          Map.entry("topic.mask-stats", (b, v) -> b.topics(b.topics.withMaskStats(v.trim()))),
          Map.entry("topic.frames-dlq", (b, v) -> b.topics(b.topics.withDeadLetters(v.trim()))),
          Map.entry("group.id", Builder::groupId),
          Map.entry("model", Builder::model),
          Map.entry("engine", Builder::engine),
          Map.entry("device", (b, v) -> b.device(DeviceSpec.parse(v))),
          Map.entry("batch.size", (b, v) -> b.batchSize(v.isBlank() ? null : parseInt("batch.size", v))),
          Map.entry("batch.max-wait-ms", (b, v) -> b.maxBatchWait(millis("batch.max-wait-ms", v))),
          Map.entry("parallelism", (b, v) -> b.parallelism(v.isBlank() ? null : parseInt("parallelism", v))),
          Map.entry("checkpoint.interval-ms", (b, v) -> b.checkpointInterval(millis("checkpoint.interval-ms", v))),
          Map.entry("delivery", (b, v) -> b.delivery(DeliveryMode.parse(v))),
          Map.entry("max.frame.bytes", (b, v) -> b.maxFrameBytes(parseInt("max.frame.bytes", v))),
          Map.entry("transaction.timeout-ms", (b, v) -> b.transactionTimeout(millis("transaction.timeout-ms", v))),
          Map.entry("transactional.id.prefix", Builder::transactionalIdPrefix),
          Map.entry("checkpoint.dir", Builder::checkpointDir),
          Map.entry("mode", Builder::mode),
          Map.entry("max.frame.age-ms", (b, v) -> b.maxFrameAge(millis("max.frame.age-ms", v))));
      for (String key : properties.stringPropertyNames()) {
        BiConsumer<Builder, String> setter = setters.get(key);
        if (setter == null) {
          throw new IllegalArgumentException(
              "unknown option '" + key + "'; known: " + String.join(", ", PROPERTY_KEYS.keySet()));
        }
        setter.accept(this, properties.getProperty(key));
      }
      return this;
    }

    public JobOptions build() {
      return new JobOptions(this);
    }

    private static int parseInt(String key, String value) {
      try {
        return Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + " must be an integer, got '" + value + "'");
      }
    }

    private static Duration millis(String key, String value) {
      return Duration.ofMillis(parseInt(key, value));
    }
  }
}
