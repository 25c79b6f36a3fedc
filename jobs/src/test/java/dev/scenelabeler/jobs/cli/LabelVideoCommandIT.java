package dev.scenelabeler.jobs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.connectors.video.RecordedClips;
import dev.scenelabeler.jobs.testing.TestDataFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ./scene-labeler label-video} as a user runs it, over several files one of which is broken:
 * the others are labeled in full, the broken one is reported with its reason in the run's
 * summary.json, and the exit code says that something failed.
 */
class LabelVideoCommandIT {

  @TempDir Path out;
  @TempDir Path inputs;

  @Test
  void shouldLabelTheGoodFilesInFullAndReportTheBrokenOneWithANonZeroExit() throws Exception {
    Path street = Files.copy(TestDataFiles.streetClip(), inputs.resolve("a-street.mp4"));
    Path trimmed =
        Files.move(RecordedClips.trimmedByStreamCopy(inputs), inputs.resolve("b-trimmed.mp4"));
    Path broken =
        Files.copy(
            TestDataFiles.root().resolve("bad/truncated.mp4"), inputs.resolve("c-broken.mp4"));

    PrintStream stdout = System.out;
    ByteArrayOutputStream printed = new ByteArrayOutputStream();
    int exit;
    try {
      System.setOut(new PrintStream(printed, true));
      // No --max-frame-bytes: a Kafka record limit, which frames read from local files are not held
      // to.
      exit =
          new CommandLine(new LabelVideoCommand())
              .execute(
                  inputs.resolve("*.mp4").toString(),
                  "--out",
                  out.toString(),
                  "--every",
                  "4",
                  "-p",
                  "2",
                  "--device",
                  "cpu",
                  "--model",
                  "untrained:farabet2013");
    } finally {
      System.setOut(stdout);
    }
    System.out.println(printed);

    assertThat(exit).as("a video failed").isEqualTo(1);
    JsonNode run = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
    assertThat(run.get("videos").asInt()).isEqualTo(3);
    assertThat(run.get("ok").asInt()).isEqualTo(2);
    assertThat(run.get("failed").asInt()).isEqualTo(1);
    JsonNode results = run.get("results");
    assertThat(results.get(0).get("video").asText()).isEqualTo(street.toAbsolutePath().toString());
    assertThat(results.get(0).get("status").asText()).isEqualTo("ok");
    assertThat(results.get(0).get("frames").asInt()).isEqualTo(15); // 60 frames, every 4th
    assertThat(results.get(1).get("video").asText()).isEqualTo(trimmed.toAbsolutePath().toString());
    assertThat(results.get(1).get("status").asText()).isEqualTo("ok");
    assertThat(results.get(1).get("frames").asInt()).isEqualTo(10); // 37 frames, every 4th
    assertThat(results.get(2).get("video").asText()).isEqualTo(broken.toAbsolutePath().toString());
    assertThat(results.get(2).get("status").asText()).isEqualTo("failed");
    assertThat(results.get(2).get("error").asText())
        .contains("c-broken.mp4")
        .contains("file truncated");
    for (String video : new String[] {"a-street", "b-trimmed"}) {
      Path dir = out.resolve(video);
      JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
      assertThat(summary.get("status").asText()).isEqualTo("ok");
      try (Stream<Path> masks = Files.list(dir.resolve("masks"))) {
        assertThat(masks.count()).isEqualTo(summary.get("frames").asLong());
      }
      List<String> stats = Files.readAllLines(dir.resolve("stats.jsonl"));
      assertThat(stats).hasSize(summary.get("frames").asInt());
      // The temporal filter is on by default: a video's first frame alone, the next blended.
      assertThat(stats.get(0)).contains("\"filtered\":false");
      assertThat(stats.get(1)).contains("\"filtered\":true");
      assertThat(Files.size(dir.resolve("overlay.mp4"))).isPositive();
      assertThat(Files.size(dir.resolve("shares.png"))).isPositive();
      assertThat(dir.resolve("error.txt")).doesNotExist();
    }
    assertThat(out.resolve("c-broken/error.txt")).exists();
    assertThat(printed.toString())
        .contains("c-broken.mp4: failed")
        .contains("ERROR: ")
        .contains("a-street.mp4: ok");
  }
}
