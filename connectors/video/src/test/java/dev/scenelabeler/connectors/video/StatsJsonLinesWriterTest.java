package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatsJsonLinesWriterTest {

  @TempDir Path tmp;

  record FrameStats(String camera, long sequence, long timestampMicros, float[] classFractions) {}

  @Test
  void shouldWriteOneJsonObjectPerLine() throws Exception {
    Path file = tmp.resolve("stats.jsonl");
    try (StatsJsonLinesWriter writer = StatsJsonLinesWriter.open(file)) {
      for (int i = 0; i < 3; i++) {
        writer.write(new FrameStats("cam-1", i, i * 66_666L, new float[] {0.25f, 0.75f}));
      }
    }
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    ObjectMapper mapper = new ObjectMapper();
    for (int i = 0; i < 3; i++) {
      JsonNode node = mapper.readTree(lines.get(i));
      assertThat(node.get("camera").asText()).isEqualTo("cam-1");
      assertThat(node.get("sequence").asLong()).isEqualTo(i);
      assertThat(node.get("timestampMicros").asLong()).isEqualTo(i * 66_666L);
      assertThat(node.get("classFractions").get(1).floatValue()).isEqualTo(0.75f);
    }
  }

  @Test
  void shouldNameTheFileWhenItsFolderIsMissing() {
    Path file = tmp.resolve("missing/stats.jsonl");
    assertThatThrownBy(() -> StatsJsonLinesWriter.open(file))
        .isInstanceOf(VideoWriteException.class)
        .hasMessageContaining("missing/stats.jsonl")
        .hasMessageContaining("parent directory does not exist");
  }
}
