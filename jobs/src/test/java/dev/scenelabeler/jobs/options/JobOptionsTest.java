package dev.scenelabeler.jobs.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.models.DeviceSpec;
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
    assertThat(options.model()).isEqualTo("default");
    assertThat(options.device()).isEqualTo(DeviceSpec.auto());
    assertThat(options.batchSize()).isEmpty();
    assertThat(options.effectiveBatchSize(false)).isEqualTo(1);
    assertThat(options.effectiveBatchSize(true)).isEqualTo(JobOptions.DEFAULT_GPU_BATCH);
    assertThat(options.delivery()).isEqualTo(DeliveryMode.EXACTLY_ONCE);
    assertThat(options.parallelism()).isEmpty();
  }

  @Test
  void shouldLetFlagsOverrideThePropertiesFileWhichOverridesTheDefaults() throws Exception {
    Path file = dir.resolve("job.properties");
    Files.writeString(file, "bootstrap.servers=kafka:9092\ntopic.masks=labels\nbatch.size=4\ndelivery=at-least-once\n");
    JobOptionsMixin mixin = new JobOptionsMixin();
    new CommandLine(mixin).parseArgs("--config", file.toString(), "--batch", "2", "--device", "gpu:1");

    JobOptions options = mixin.toOptions();

    assertThat(options.bootstrapServers()).isEqualTo("kafka:9092"); // file
    assertThat(options.topics().masks()).isEqualTo("labels"); // file
    assertThat(options.topics().frames()).isEqualTo("frames"); // default
    assertThat(options.batchSize()).hasValue(2); // flag beats file
    assertThat(options.device()).isEqualTo(DeviceSpec.gpu(1));
    assertThat(options.delivery()).isEqualTo(DeliveryMode.AT_LEAST_ONCE);
  }

  @Test
  void shouldTakeTheCheckpointDirectoryFromTheFileOrTheFlagAndLeaveItToTheDeploymentOtherwise() throws Exception {
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
        .hasMessageContaining("unknown option 'bootstrap.server'").hasMessageContaining("bootstrap.servers");
  }

  @Test
  void shouldRejectATransactionTimeoutShorterThanTwoCheckpoints() {
    assertThatThrownBy(() -> JobOptions.builder().checkpointInterval(Duration.ofSeconds(10))
        .transactionTimeout(Duration.ofSeconds(15)).build())
        .hasMessageContaining("transaction timeout (15000 ms)");
  }

  @Test
  void shouldRejectBadValuesWithWhatWasWrong() {
    assertThatThrownBy(() -> JobOptions.builder().batchSize(0).build()).hasMessageContaining("batch size must be 1..");
    assertThatThrownBy(() -> DeliveryMode.parse("twice")).hasMessageContaining("'twice'");
    assertThatThrownBy(() -> JobOptions.builder().maxFrameBytes(0).build()).hasMessageContaining("maxImageBytes");
  }
}
