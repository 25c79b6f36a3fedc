package dev.scenelabeler.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.labeling.FreshnessPolicy;
import dev.scenelabeler.jobs.labeling.LabelingSettings;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class JobOptionsTest {

  @TempDir Path dir;

  @Test
  void shouldUseTheDefaultsInCodeWhenNothingIsGiven() {
    JobOptions options = JobOptions.defaults();
    assertThat(options.bootstrapServers()).isEqualTo("127.0.0.1:9092");
    assertThat(options.topics().frames()).isEqualTo("frames");
    assertThat(options.model()).isEqualTo(ModelSource.defaultModel());
    assertThat(options.device()).isEqualTo(DeviceSpec.auto());
    assertThat(options.batchSize()).isEmpty();
    assertThat(options.effectiveBatchSize(false)).isEqualTo(1);
    assertThat(options.effectiveBatchSize(true)).isEqualTo(LabelingSettings.DEFAULT_GPU_BATCH);
    assertThat(options.delivery()).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    assertThat(options.parallelism()).isEmpty();
  }

  @Test
  void shouldLetFlagsOverrideThePropertiesFileWhichOverridesTheDefaults() throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(
        file,
        "bootstrap.servers=kafka:9092\ntopic.masks=labels\nbatch.size=4\ndelivery=at-least-once\n");
    JobOptionsMixin mixin = new JobOptionsMixin();
    new CommandLine(mixin)
        .parseArgs("--config", file.toString(), "--batch", "2", "--device", "gpu:1");

    JobOptions options = mixin.toOptions();

    assertThat(options.bootstrapServers()).isEqualTo("kafka:9092"); // file
    assertThat(options.topics().masks()).isEqualTo("labels"); // file
    assertThat(options.topics().frames()).isEqualTo("frames"); // default
    assertThat(options.batchSize()).hasValue(2); // flag beats file
    assertThat(options.device()).isEqualTo(DeviceSpec.gpu(1));
    assertThat(options.delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
  }

  @Test
  void shouldTakeTheCheckpointDirectoryFromTheFileOrTheFlagAndLeaveItToTheDeploymentOtherwise()
      throws Exception {
    assertThat(JobOptions.defaults().checkpointDir()).isEmpty();
    Path file = dir.resolve("ckpt.properties");
    Files.writeString(file, "checkpoint.dir=s3://bucket/ckpts\n");
    JobOptionsMixin fromFile = new JobOptionsMixin();
    new CommandLine(fromFile).parseArgs("--config", file.toString());
    assertThat(fromFile.toOptions().checkpointDir()).hasValue("s3://bucket/ckpts");

    JobOptionsMixin flag = new JobOptionsMixin();
    new CommandLine(flag).parseArgs("--config", file.toString(), "--checkpoint-dir", "/data/ckpts");
    JobOptions options = flag.toOptions();
    assertThat(options.checkpointDir()).hasValue("/data/ckpts");
    assertThat(options.toBuilder().build().checkpointDir()).hasValue("/data/ckpts");
    assertThat(options.toBuilder().checkpointDir(" ").build().checkpointDir()).isEmpty();
  }

  @Test
  void shouldRejectAnUnknownKeyInThePropertiesFileByName() throws Exception {
    Path file = dir.resolve("typo.properties");
    Files.writeString(file, "bootstrap.server=kafka:9092\n");
    assertThatThrownBy(() -> JobOptions.fromPropertiesFile(file))
        .hasMessageContaining("unknown option 'bootstrap.server'")
        .hasMessageContaining("bootstrap.servers");
  }

  @Test
  void shouldRejectATransactionTimeoutShorterThanTwoCheckpoints() {
    assertThatThrownBy(
            () ->
                JobOptions.builder()
                    .checkpointInterval(Duration.ofSeconds(10))
                    .transactionTimeout(Duration.ofSeconds(15))
                    .build())
        .hasMessageContaining(
            "--tx-timeout-ms (transaction.timeout-ms) of 15000 ms must be at least twice "
                + "--checkpoint-ms (checkpoint.interval-ms) of 10000 ms");
  }

  @Test
  void shouldNameTheFlagAndTheKeyOfAValueOutOfRange() {
    assertThatThrownBy(() -> JobOptions.builder().batchSize(0).build())
        .hasMessageStartingWith("--batch (batch.size) must be 1..")
        .hasMessageContaining("got 0");
    assertThatThrownBy(() -> DeliveryMode.parse("twice")).hasMessageContaining("'twice'");
    assertThatThrownBy(() -> JobOptions.builder().maxFrameBytes(0).build())
        .hasMessageStartingWith("--max-frame-bytes (max.frame.bytes) must be 1..")
        .hasMessageContaining("got 0")
        .hasMessageNotContaining("maxImageBytes");
    assertThatThrownBy(() -> JobOptions.builder().maxFrameAge(Duration.ZERO).build())
        .hasMessage("--max-frame-age (max.frame.age-ms) must be > 0 ms, got 0");
    assertThatThrownBy(() -> JobOptions.builder().parallelism(0).build())
        .hasMessage("--parallelism (parallelism) must be >= 1, got 0");
    assertThatThrownBy(() -> JobOptions.builder().groupId(" ").build())
        .hasMessage("--group (group.id) must not be empty");
  }

  @Test
  void shouldGiveTheLabelerFactoryTheEngineTheModelRunsOnAndNameItInItsDescription() {
    var onnx = JobOptions.defaults().labelerFactory();
    var pytorch = JobOptions.builder().engine("pytorch").build().labelerFactory();
    var untrained = JobOptions.builder().model("untrained:farabet2013").build().labelerFactory();

    assertThat(onnx.engine()).isEqualTo(InferenceEngine.ONNX_RUNTIME);
    assertThat(onnx.describe()).startsWith("default model on onnxruntime");
    assertThat(pytorch.engine()).isEqualTo(InferenceEngine.PYTORCH);
    assertThat(pytorch.describe()).startsWith("default model on pytorch");
    assertThat(untrained.engine()).isEqualTo(InferenceEngine.PYTORCH);
    assertThat(untrained.describe()).startsWith("untrained farabet2013 (seed 42) on pytorch");
  }

  @Test
  void shouldNameTheFlagAndTheKeyOfABadModelAndOfAnEngineThatCannotRunIt() {
    assertThatThrownBy(() -> JobOptions.builder().model("untrained:farabet2013:x").build())
        .hasMessageStartingWith("--model (model): ")
        .hasMessageContaining("untrained:farabet2013:x");
    assertThatThrownBy(() -> JobOptions.builder().model(dir.resolve("missing").toString()).build())
        .hasMessageStartingWith("--model (model): ")
        .hasMessageContaining("missing");
    assertThatThrownBy(
            () -> JobOptions.builder().model("untrained:farabet2013").engine("onnxruntime").build())
        .hasMessageContaining(
            "--engine (engine) onnxruntime cannot run --model (model) untrained:farabet2013:42");
  }

  @Test
  void shouldDeriveADifferentTransactionalIdPrefixForJobsOnDifferentTopics() {
    JobOptions first =
        JobOptions.builder().topics(new Topics("frames-a", "masks-a", "stats-a", "dlq-a")).build();
    JobOptions second =
        JobOptions.builder().topics(new Topics("frames-b", "masks-b", "stats-b", "dlq-b")).build();
    JobOptions firstAgain =
        JobOptions.builder().topics(new Topics("frames-a", "masks-a", "stats-a", "dlq-a")).build();

    assertThat(first.transactionalIdPrefix())
        .startsWith(JobOptions.DEFAULT_TRANSACTIONAL_ID_PREFIX)
        .isNotEqualTo(second.transactionalIdPrefix())
        .isEqualTo(
            firstAgain.transactionalIdPrefix()); // a restarted job finds its own transactions
    assertThat(JobOptions.builder().groupId("other").build().transactionalIdPrefix())
        .isNotEqualTo(JobOptions.defaults().transactionalIdPrefix());
    assertThat(JobOptions.builder().transactionalIdPrefix("mine").build().transactionalIdPrefix())
        .isEqualTo("mine");
  }

  @Test
  void shouldBeLiveWithAOneSecondBudgetUnlessArchiveIsAsked() throws Exception {
    assertThat(JobOptions.defaults().freshness())
        .isEqualTo(FreshnessPolicy.live(Duration.ofSeconds(1)));
    JobOptionsMixin mixin = new JobOptionsMixin();
    new CommandLine(mixin).parseArgs("--max-frame-age", "250");
    assertThat(mixin.toOptions().freshness())
        .isEqualTo(FreshnessPolicy.live(Duration.ofMillis(250)));
    mixin = new JobOptionsMixin();
    new CommandLine(mixin).parseArgs("--mode", "archive");
    assertThat(mixin.toOptions().freshness().isLive()).isFalse();
    assertThatThrownBy(() -> JobOptions.builder().mode("realtime").build())
        .hasMessageContaining("'live' or 'archive'");
    assertThatThrownBy(() -> JobOptions.builder().maxFrameAge(Duration.ZERO).build())
        .hasMessageContaining("> 0 ms");
  }

  @Test
  void shouldReadKafkaClientSettingsFromTheNamedFileAndPrintThemWithoutSecrets() throws Exception {
    Path client = dir.resolve("client.properties");
    Files.writeString(
        client,
        "security.protocol=SASL_SSL\n"
            + "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"
            + " username=\"labeler\" password=\"do-not-print-me\";\n");
    Path job = dir.resolve("job.properties");
    Files.writeString(job, "kafka.config=" + client + "\n");

    JobOptions options = JobOptions.builder().applyPropertiesFile(job).build();

    assertThat(options.kafkaConfig().settings())
        .containsEntry("security.protocol", "SASL_SSL")
        .containsKey("sasl.jaas.config");
    assertThat(options.toString())
        .contains(
            "kafka.config=" + client + " {sasl.jaas.config=[hidden], security.protocol=SASL_SSL}")
        .doesNotContain("do-not-print-me");
    assertThat(JobOptions.defaults().kafkaConfig().isEmpty()).isTrue();
  }

  @Test
  void shouldRefuseAKafkaClientFileThatSetsWhatTheJobOwns() throws Exception {
    Path client = dir.resolve("client.properties");
    Files.writeString(client, "isolation.level=read_uncommitted\n");

    assertThatThrownBy(
            () ->
                JobOptions.builder().setText(JobOptionDeclarations.KAFKA_CONFIG, client.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--kafka-config (kafka.config)")
        .hasMessageContaining("sets 'isolation.level', which scene-labeler sets itself");
  }
}
