package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableCheckpointsTest {

  @TempDir Path dir;

  @Test
  void shouldPickTheNewestCheckpointWithMetadataAcrossRuns() throws IOException {
    completed("run-a/chk-3", 1_000);
    completed("run-a/chk-4", 2_000);
    completed("run-b/chk-5", 3_000); // the restored run continued the numbers
    Files.createDirectories(dir.resolve("run-b/chk-6")); // in progress when the process died
    Files.createDirectories(dir.resolve("run-b/shared"));
    Files.createDirectories(dir.resolve("run-b/taskowned"));

    assertThat(DurableCheckpoints.latestCompleted(dir.toUri()))
        .hasValueSatisfying(uri -> assertThat(Path.of(uri)).isEqualTo(dir.resolve("run-b/chk-5")));
  }

  @Test
  void shouldPreferTheNewerMetadataOverTheHigherNumber() throws IOException {
    completed("old-run/chk-40", 1_000); // a run from before the numbers started again
    completed("new-run/chk-2", 5_000);

    assertThat(DurableCheckpoints.latestCompleted(dir.toUri()))
        .hasValueSatisfying(
            uri -> assertThat(Path.of(uri)).isEqualTo(dir.resolve("new-run/chk-2")));
  }

  @Test
  void shouldFindNothingInAMissingOrEmptyDirectory() throws IOException {
    assertThat(DurableCheckpoints.latestCompleted(dir.resolve("absent").toUri())).isEmpty();
    Files.createDirectories(dir.resolve("run-a/chk-1"));
    assertThat(DurableCheckpoints.latestCompleted(dir.toUri())).isEmpty();
  }

  @Test
  void shouldRetainCheckpointsOnCancelAndClaimOnlyItsOwn() {
    Configuration conf =
        DurableCheckpoints.retainIn(new Configuration(), DurableCheckpoints.toUri("ckpts"));
    assertThat(conf.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo(Path.of("ckpts").toAbsolutePath().toUri().toString());
    assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);

    DurableCheckpoints.resumeFrom(conf, "/sp/savepoint-1", false);
    assertThat(conf.get(StateRecoveryOptions.SAVEPOINT_PATH)).isEqualTo("/sp/savepoint-1");
    assertThat(conf.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.NO_CLAIM);
    DurableCheckpoints.resumeFrom(conf, "/ck/run/chk-9", true);
    assertThat(conf.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
  }

  @Test
  void shouldKeepUrisAndNameTheDefaultFolderAfterTheGroup() {
    assertThat(DurableCheckpoints.toUri("s3://bucket/ckpts"))
        .isEqualTo(URI.create("s3://bucket/ckpts"));
    assertThat(DurableCheckpoints.defaultDirectory("my group/1"))
        .isEqualTo(
            Path.of(
                System.getProperty("user.home"), ".scene-labeler", "checkpoints", "my_group_1"));
  }

  @Test
  void shouldPutTheCheckpointDirectoryOfTheOptionsIntoTheJobsConfiguration() {
    JobOptions options = JobOptions.builder().checkpointDir("s3://bucket/scene-labeler").build();
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    StreamingLabelingJob.onKafka(options, FakeLabelerFactory.create()).configure(env);

    assertThat(env.getConfiguration().get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
        .isEqualTo("s3://bucket/scene-labeler");
    assertThat(env.getConfiguration().get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
        .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    assertThat(env.getCheckpointConfig().isExternalizedCheckpointsEnabled()).isTrue();
  }

  private void completed(String checkpoint, long modifiedMillis) throws IOException {
    Path metadata =
        Files.createDirectories(dir.resolve(checkpoint)).resolve(DurableCheckpoints.METADATA);
    Files.write(metadata, new byte[] {1});
    Files.setLastModifiedTime(metadata, FileTime.from(Instant.ofEpochMilli(modifiedMillis)));
  }
}
