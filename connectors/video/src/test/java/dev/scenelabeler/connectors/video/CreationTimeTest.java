package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CreationTimeTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2024-03-01T10:20:30.000000Z | 2024-03-01T10:20:30Z",
        "2024-03-01T10:20:30.250Z    | 2024-03-01T10:20:30.250Z",
        "2024-03-01 10:20:30         | 2024-03-01T10:20:30Z"
      })
  void shouldReadTheTagsFfmpegWritesAsUtc(String tag, String expected) {
    assertThat(CreationTime.parse(tag)).contains(Instant.parse(expected));
  }

  @ParameterizedTest
  @CsvSource(value = {"''", "'not a date'", "1904-01-01T00:00:00.000000Z", "1970-01-01T00:00:00Z"})
  void shouldTreatMissingUnreadableAndMp4sUnknownAsNone(String tag) {
    assertThat(CreationTime.parse(tag)).isEmpty();
    assertThat(CreationTime.parse(null)).isEmpty();
  }

  @Test
  void shouldReportTheContainersCreationTimeAndNoneForAnUntaggedClip(@TempDir Path dir)
      throws Exception {
    // MP4 keeps whole seconds (its mvhd box counts seconds since 1904).
    Path tagged = RecordedClips.recordedAt(dir, "2025-06-30T07:45:12.000000Z");
    try (FrameSource source = FrameSource.open(tagged)) {
      assertThat(source.info().creationTime()).contains(Instant.parse("2025-06-30T07:45:12Z"));
    }
    try (FrameSource source = FrameSource.open(TestData.clip())) {
      assertThat(source.info().creationTime()).isEqualTo(Optional.empty());
    }
  }
}
