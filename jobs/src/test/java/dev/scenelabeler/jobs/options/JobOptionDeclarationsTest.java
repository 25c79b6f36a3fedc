package dev.scenelabeler.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.jobs.cli.StreamCommand;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.WorkingSize;
import java.io.PrintWriter;
import java.io.Serializable;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class JobOptionDeclarationsTest {

  /**
   * A value other than the default for every declared option, as a flag or a property writes it.
   */
  private static final Map<String, String> SAMPLES =
      Map.ofEntries(
          Map.entry("bootstrap.servers", "kafka:9093"),
          Map.entry("kafka.config", sampleKafkaConfig()),
          Map.entry("topic.frames", "f"),
          Map.entry("topic.masks", "m"),
          Map.entry("topic.mask-stats", "s"),
          Map.entry("topic.frames-dlq", "d"),
          Map.entry("group.id", "g"),
          Map.entry("model", "untrained:farabet2013:42"),
          Map.entry("engine", "pytorch"),
          Map.entry("device", "gpu:1"),
          Map.entry("working.size", "720"),
          Map.entry("precision", "auto"),
          Map.entry("temporal.filter", "off"),
          Map.entry("batch.size", "4"),
          Map.entry("batch.max-wait-ms", "5"),
          Map.entry("parallelism", "3"),
          Map.entry("checkpoint.interval-ms", "2000"),
          Map.entry("delivery", "at-least-once"),
          Map.entry("max.frame.bytes", "1024"),
          Map.entry("transaction.timeout-ms", "60000"),
          Map.entry("transactional.id.prefix", "mine"),
          Map.entry("checkpoint.dir", "/data/ckpts"),
          Map.entry("mode", "archive"),
          Map.entry("max.frame.age-ms", "250"),
          Map.entry("queue.max-frames", "16"));

  @TempDir Path dir;

  /** A Kafka client file that exists, as the option reads it when it is parsed. */
  private static String sampleKafkaConfig() {
    try {
      Path file = Files.createTempFile("kafka-client-", ".properties");
      file.toFile().deleteOnExit();
      Files.writeString(file, "security.protocol=SSL\n");
      return file.toString();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void shouldHaveASampleForEveryDeclaredOption() {
    assertThat(SAMPLES.keySet())
        .containsExactlyInAnyOrderElementsOf(
            JobOptionDeclarations.ALL.stream().map(JobOption::key).toList());
  }

  @Test
  void shouldShowEveryDeclaredOptionInTheHelpOfStreamWithItsDefaultAndItsKey() {
    CommandLine stream = new CommandLine(new StreamCommand());
    String config = String.join(" ", stream.getCommandSpec().findOption("--config").description());
    for (JobOption<?> option : JobOptionDeclarations.ALL) {
      OptionSpec flag = stream.getCommandSpec().findOption(option.flags().get(0));
      assertThat(flag).as(option.key()).isNotNull();
      assertThat(String.join(" ", flag.description()))
          .contains(
              option.description(),
              "(default " + option.defaultText() + "; key " + option.key() + ")");
      assertThat(config).contains(option.key());
    }
    assertThat(usage(stream)).contains("--max-frame-age=MS", "Live mode's latency budget");
  }

  @Test
  void shouldSetTheSameValueFromAPropertyAFlagAndTheFlinkConfiguration() throws Exception {
    for (JobOption<?> option : JobOptionDeclarations.ALL) {
      String text = SAMPLES.get(option.key());
      Properties properties = new Properties();
      properties.setProperty(option.key(), text);
      JobOptions fromProperty = JobOptions.builder().applyProperties(properties).build();
      JobOptions fromFlag = parse(option.flags().get(0), text);
      JobOptions fromFlink =
          JobOptions.builder()
              .applyFlinkConfiguration(
                  Configuration.fromMap(Map.of(JobOption.FLINK_KEY_PREFIX + option.key(), text)))
              .build();

      assertThat(fromProperty.get(option))
          .as(option.key())
          .isNotNull()
          .isNotEqualTo(option.defaultValue())
          .isEqualTo(fromFlag.get(option))
          .isEqualTo(fromFlink.get(option));
      assertThat(formatted(fromFlag, option)).as("formats back").isEqualTo(text);
    }
  }

  @Test
  void shouldLetFlagsBeatTheFileWhichBeatsTheFlinkConfiguration() throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "batch.size=4\nmodel=untrained:farabet2013\n");
    JobOptionsMixin mixin = new JobOptionsMixin();
    new CommandLine(mixin).parseArgs("--config", file.toString(), "--batch", "2");
    Configuration flink =
        Configuration.fromMap(
            Map.of(
                "scene-labeler.batch.size",
                "8",
                "scene-labeler.model",
                "untrained:mobilenetv2-fusion",
                "scene-labeler.group.id",
                "from-flink",
                "parallelism.default",
                "7"));

    JobOptions options = mixin.toOptions(flink);

    assertThat(options.batchSize()).hasValue(2);
    assertThat(options.model()).isEqualTo(ModelSource.untrained("farabet2013", 42));
    assertThat(options.groupId()).isEqualTo("from-flink");
    assertThat(options.parallelism()).as("Flink's own keys are Flink's").isEmpty();
  }

  @Test
  void shouldNameTheFlagAndTheKeyOfABadFlagValue() {
    assertThatThrownBy(() -> parse("--batch", "four"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--batch (batch.size) must be an integer, got 'four'");
    assertThatThrownBy(() -> parse("--delivery", "twice"))
        .hasMessageContaining("'exactly-once' or 'at-least-once'");
  }

  @Test
  void shouldRefuseABadWorkingSizeNamingTheFlagAndTheValue() {
    for (String bad : new String[] {"0", "-360", "7688", "361", "huge"}) {
      assertThatThrownBy(() -> parse("--working-size", bad))
          .as(bad)
          .isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining("--working-size")
          .hasMessageContaining("working size")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void shouldCarryTheWorkingSizeToTheLabelerFactoryThroughJavaSerialization() throws Exception {
    JobOptions options = parse("--working-size", "720", "--model", "untrained:mobilenetv2-fusion");

    JobOptions copy = InstantiationUtil.clone(options);

    assertThat(copy.labelerFactory().workingSize()).isEqualTo(WorkingSize.shortSide(720));
    assertThat(InstantiationUtil.clone(options.labelerFactory()).workingSize())
        .isEqualTo(WorkingSize.shortSide(720));
    assertThat(JobOptions.defaults().labelerFactory().workingSize())
        .isEqualTo(WorkingSize.trained());
  }

  @Test
  void shouldRejectAnUnknownKeyAndABadValueInThePropertiesFileNamingTheFile() throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "checkpoint.interval-ms=soon\n");
    assertThatThrownBy(() -> JobOptions.fromPropertiesFile(file))
        .hasMessageContaining(file.toString())
        .hasMessageContaining(
            "--checkpoint-ms (checkpoint.interval-ms) must be an integer, got 'soon'");
    Files.writeString(file, "batch=4\n");
    assertThatThrownBy(() -> JobOptions.fromPropertiesFile(file))
        .hasMessageContaining("unknown option 'batch'");
  }

  @Test
  void shouldSurviveJavaSerializationWithEveryOptionSet() throws Exception {
    Properties all = new Properties();
    all.putAll(SAMPLES);
    all.setProperty(
        "delivery", "exactly-once"); // a 60 s transaction timeout is fine with 2 s checkpoints
    JobOptions options = JobOptions.builder().applyProperties(all).build();

    JobOptions copy = InstantiationUtil.clone(options);

    assertThat(copy.toString()).isEqualTo(options.toString());
    assertThat(copy.device()).isEqualTo(options.device());
  }

  private static JobOptions parse(String... args) {
    JobOptionsMixin mixin = new JobOptionsMixin();
    new CommandLine(mixin).parseArgs(args);
    return mixin.toOptions();
  }

  private static <T extends Serializable> String formatted(
      JobOptions options, JobOption<T> option) {
    return option.format(options.get(option));
  }

  private static String usage(CommandLine command) {
    StringWriter out = new StringWriter();
    command.usage(new PrintWriter(out));
    return out.toString();
  }
}
