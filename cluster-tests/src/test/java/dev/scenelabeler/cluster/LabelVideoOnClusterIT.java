package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.jobs.cli.LabelVideoJobMain;
import dev.scenelabeler.jobs.cli.StreamingJobMain;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.junit.jupiter.api.Test;

/**
 * The batch job as a user with an archive of drives submits it: {@code flink run -c
 * LabelVideoJobMain} with the job jar on a session cluster of two TaskManagers (separate JVMs),
 * several videos on a shared path, one of them damaged, and the outputs on a Flink file system
 * ({@code file://} here, {@code s3://} on a real cluster: the same upload path). Every good video
 * is labeled in full, the damaged one is reported with its reason, and nothing is lost.
 */
class LabelVideoOnClusterIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldLabelEveryGoodVideoInFullAndReportTheDamagedOneOnTwoTaskManagers() throws Exception {
    Path workDir =
        Path.of("target", "label-video-cluster-it", Long.toString(System.currentTimeMillis()))
            .toAbsolutePath();
    Path root = Path.of(System.getProperty("project.root", ".."));
    Path inputs = Files.createDirectories(workDir.resolve("shared/drives"));
    Path clip = root.resolve("test-data/street/street-480x360-15fps.mp4");
    Files.copy(clip, inputs.resolve("a-drive.mp4"));
    Files.copy(clip, inputs.resolve("b-drive.mp4"));
    Files.copy(root.resolve("test-data/bad/truncated.mp4"), inputs.resolve("c-damaged.mp4"));
    Path out = workDir.resolve("shared/out");
    FlinkHome home =
        new FlinkHome(Path.of(System.getProperty("flink.home", "target/flink"))).validate();

    try (LocalFlinkCluster cluster =
        LocalFlinkCluster.builder()
            .setFlinkHome(home)
            .setWorkDir(workDir)
            .optSlotsPerTaskManager(1)
            .build()
            .start()) {
      Path jar =
          JobJar.snapshot(
              Path.of(System.getProperty("job.jar")),
              workDir.resolve("usrlib"),
              StreamingJobMain.class.getName());
      JobID id =
          cluster.submit(
              jar,
              LabelVideoJobMain.class.getName(),
              List.of(
                  inputs.resolve("*.mp4").toString(),
                  "--out",
                  out.toUri().toString(),
                  "--every",
                  "4",
                  "--device",
                  "cpu",
                  "--model",
                  "untrained:farabet2013"),
              2,
              Optional.empty());
      JobResult result =
          ClusterRest.await(
              cluster.client().requestJobResult(id), Duration.ofMinutes(5), "the label-video job");
      assertThat(result.isSuccess()).as("job %s: %s", id, result.getSerializedThrowable()).isTrue();
    }

    for (String video : List.of("a-drive", "b-drive")) {
      JsonNode summary = JSON.readTree(out.resolve(video).resolve("summary.json").toFile());
      assertThat(summary.get("status").asText()).as(video).isEqualTo("ok");
      assertThat(summary.get("frames").asInt()).as(video + ": 60 frames, every 4th").isEqualTo(15);
      try (Stream<Path> masks = Files.list(out.resolve(video).resolve("masks"))) {
        assertThat(masks.count()).as(video + " masks").isEqualTo(15);
      }
      assertThat(Files.readAllLines(out.resolve(video).resolve("stats.jsonl"))).hasSize(15);
      assertThat(Files.size(out.resolve(video).resolve("overlay.mp4"))).isPositive();
    }
    JsonNode damaged = JSON.readTree(out.resolve("c-damaged/summary.json").toFile());
    assertThat(damaged.get("status").asText()).isEqualTo("failed");
    assertThat(damaged.get("error").asText()).contains("c-damaged.mp4").contains("file truncated");
    assertThat(Files.readString(out.resolve("c-damaged/error.txt"))).contains("file truncated");
    try (Stream<Path> masks = Files.list(out.resolve("c-damaged/masks"))) {
      assertThat(masks.count())
          .as("frames before the damage keep their masks")
          .isEqualTo(damaged.get("frames").asLong());
    }
    // Passed: keep the logs and outputs, drop the copies of the job jar.
    for (String dir : List.of("usrlib", "blobs", "tmp")) {
      Path path = workDir.resolve(dir);
      if (Files.exists(path)) {
        try (Stream<Path> files = Files.walk(path)) {
          files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
    }
  }
}
