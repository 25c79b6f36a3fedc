package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** docs/FORMATS.md and the code must agree: its examples are checked against the formats. */
class FormatsDocTest {

  private static final Path DOC =
      Path.of(System.getProperty("docs.dir", "../../docs"), "FORMATS.md");

  private static String doc() throws IOException {
    assertThat(DOC).exists();
    return Files.readString(DOC);
  }

  @Test
  void shouldDocumentTheExactFrameBytes() throws IOException {
    Matcher example =
        Pattern.compile("image bytes `09 08`:\\s*```\\s*(.*?)```", Pattern.DOTALL).matcher(doc());
    assertThat(example.find()).as("frame example in FORMATS.md").isTrue();
    byte[] documented = HexFormat.of().parseHex(example.group(1).replaceAll("[^0-9a-f]", ""));

    byte[] written =
        FrameRecordFormat.INSTANCE.write(
            new FrameRecord("cam", 5, 1000, ImageEncoding.PNG, 3, 2, new byte[] {9, 8}),
            RecordLimits.DEFAULTS);

    assertThat(written).isEqualTo(documented);
  }

  @Test
  void shouldDocumentTheExactStatsJson() throws IOException {
    assertThat(doc()).contains(MaskStatsJsonTest.DOCUMENTED_EXAMPLE);
  }

  @Test
  void shouldDocumentEveryDeadLetterHeaderInOrder() throws IOException {
    String doc = doc();
    int previous = doc.indexOf("## Dead letter");
    for (String header : DeadLetterFormat.HEADERS) {
      int at = doc.indexOf("| `" + header + "` |", previous);
      assertThat(at)
          .as("header %s documented after the previous one", header)
          .isGreaterThan(previous);
      previous = at;
    }
  }

  @Test
  void shouldDocumentTheMagicBytes() throws IOException {
    assertThat(doc())
        .contains(
            String.format(
                "Magic `0x%02X` (`'%c'`), version %d",
                FrameRecordFormat.MAGIC, (char) FrameRecordFormat.MAGIC, FrameRecordFormat.VERSION))
        .contains(
            String.format(
                "Magic `0x%02X` (`'%c'`), version %d",
                MaskRecordFormat.MAGIC, (char) MaskRecordFormat.MAGIC, MaskRecordFormat.VERSION));
  }
}
