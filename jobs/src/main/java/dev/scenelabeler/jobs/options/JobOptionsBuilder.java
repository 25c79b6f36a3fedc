package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.*;

import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.models.DeviceSpec;
import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Collects {@link JobOptions}, from {@link JobOptions#builder()} or {@link JobOptions#toBuilder()};
 * {@link #build()} checks them, each and together.
 */
public final class JobOptionsBuilder {
  private final OptionValues values;

  JobOptionsBuilder(OptionValues values) {
    this.values = values.changeable();
  }

  /** Sets {@code option}; {@code null} restores its default. Checked in {@link #build()}. */
  public <T extends Serializable> JobOptionsBuilder set(JobOption<T> option, T value) {
    values.set(option, value);
    return this;
  }

  /** Sets {@code option} from text, as a flag or a properties file gives it. */
  public <T extends Serializable> JobOptionsBuilder setText(JobOption<T> option, String text) {
    return set(option, text == null ? null : option.parse(text));
  }

  /** The value {@code option} has so far (its default where none is set). */
  public <T extends Serializable> T get(JobOption<T> option) {
    return values.get(option);
  }

  public JobOptionsBuilder bootstrapServers(String value) {
    return setText(BOOTSTRAP_SERVERS, value);
  }

  public JobOptionsBuilder topics(Topics value) {
    return setText(FRAMES_TOPIC, value.frames())
        .setText(MASKS_TOPIC, value.masks())
        .setText(STATS_TOPIC, value.maskStats())
        .setText(DEAD_LETTER_TOPIC, value.deadLetters());
  }

  public JobOptionsBuilder groupId(String value) {
    return setText(GROUP_ID, value);
  }

  /** {@code onnxruntime} or {@code pytorch}; null or blank: the model's default. */
  public JobOptionsBuilder engine(String value) {
    return setText(ENGINE, value);
  }

  /** {@code default}, {@code untrained:NETWORK[:SEED]} or a model directory. */
  public JobOptionsBuilder model(String value) {
    return setText(MODEL, value);
  }

  public JobOptionsBuilder device(DeviceSpec value) {
    return set(DEVICE, value);
  }

  /** {@code null} picks per device. */
  public JobOptionsBuilder batchSize(Integer value) {
    return set(BATCH_SIZE, value);
  }

  public JobOptionsBuilder maxBatchWait(Duration value) {
    return set(MAX_BATCH_WAIT, value);
  }

  /** {@code null} uses the environment's default. */
  public JobOptionsBuilder parallelism(Integer value) {
    return set(PARALLELISM, value);
  }

  public JobOptionsBuilder checkpointInterval(Duration value) {
    return set(CHECKPOINT_INTERVAL, value);
  }

  public JobOptionsBuilder delivery(DeliveryMode value) {
    return set(DELIVERY, value);
  }

  public JobOptionsBuilder maxFrameBytes(int value) {
    return set(MAX_FRAME_BYTES, value);
  }

  public JobOptionsBuilder transactionTimeout(Duration value) {
    return set(TRANSACTION_TIMEOUT, value);
  }

  /** {@code null} derives one from the group id and topics. */
  public JobOptionsBuilder transactionalIdPrefix(String value) {
    return setText(TRANSACTIONAL_ID_PREFIX, value);
  }

  /**
   * A directory or file system URI; {@code null} uses the default (see {@link
   * JobOptions#checkpointDir()}).
   */
  public JobOptionsBuilder checkpointDir(String value) {
    return setText(CHECKPOINT_DIR, value);
  }

  /**
   * {@code live} (skip frames older than the max frame age) or {@code archive} (label every frame).
   */
  public JobOptionsBuilder mode(String value) {
    return set(MODE, MODE.parse(value));
  }

  /** Archive mode: every frame is labeled. */
  public JobOptionsBuilder archive() {
    return set(MODE, "archive");
  }

  /** Live mode with this latency budget. */
  public JobOptionsBuilder live(Duration maxFrameAge) {
    return set(MODE, "live").maxFrameAge(maxFrameAge);
  }

  public JobOptionsBuilder maxFrameAge(Duration value) {
    return set(MAX_FRAME_AGE, value);
  }

  /** Every key of {@code properties}; see {@link OptionSources}. */
  public JobOptionsBuilder applyProperties(Properties properties) {
    OptionSources.applyProperties(this, properties);
    return this;
  }

  /** {@link #applyProperties} from a file; see {@link OptionSources}. */
  public JobOptionsBuilder applyPropertiesFile(Path file) {
    OptionSources.applyPropertiesFile(this, file);
    return this;
  }

  /** The options a Flink configuration sets; see {@link OptionSources}. */
  public JobOptionsBuilder applyFlinkConfiguration(ReadableConfig configuration) {
    OptionSources.applyFlinkConfiguration(this, configuration);
    return this;
  }

  /**
   * @throws IllegalArgumentException naming the option (flag and key) that is wrong, and why
   */
  public JobOptions build() {
    return new JobOptions(values);
  }
}
