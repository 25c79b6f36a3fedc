package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class WorkingSizeTest {

  /** The default model's input. */
  private static final int IN_W = 480;

  private static final int IN_H = 360;

  @ParameterizedTest(name = "{0}x{1} -> {2}x{3}")
  @CsvSource({
    "480, 360, 480, 360", // CamVid stays exactly as it was
    "1920, 1080, 640, 360", // 16:9
    "1280, 720, 640, 360",
    "960, 540, 640, 360",
    "848, 480, 640, 360", // 636 rounds to 640
    "3960, 1200, 1192, 360", // 3.3:1: 1188 rounds to the nearest multiple of 8
    "1080, 1920, 360, 640", // portrait: the short side is the width
    "240, 180, 480, 360", // small frames are enlarged to the trained scale
    "3, 3, 360, 360", // smaller than the stride
    "10000, 100, 7680, 80", // panorama: long side capped at 7680
    "1, 1000, 8, 7680", // 1xN: at least one stride wide
    "1000, 1, 7680, 8", // Nx1
    "1, 1, 360, 360"
  })
  void shouldKeepTheAspectAtTheTrainedShortSide(
      int width, int height, int workWidth, int workHeight) {
    assertThat(WorkingSize.trained().resolve(width, height, IN_W, IN_H))
        .containsExactly(workWidth, workHeight);
  }

  @Test
  void shouldCapThePixelCountAt4kUhd() {
    assertThat(WorkingSize.shortSide(7680).resolve(1920, 1080, IN_W, IN_H))
        .containsExactly(3840, 2160);
  }

  @Test
  void shouldUseTheGivenShortSide() {
    assertThat(WorkingSize.parse("720").resolve(1920, 1080, IN_W, IN_H)).containsExactly(1280, 720);
  }

  @Test
  void shouldStretchEveryFrameToTheModelInputWhenAsked() {
    assertThat(WorkingSize.parse("model-input").resolve(1920, 1080, IN_W, IN_H))
        .containsExactly(480, 360);
    assertThat(WorkingSize.modelInput().resolve(3, 1, IN_W, IN_H)).containsExactly(480, 360);
  }

  @Test
  void shouldReadTheNamedValuesAndWriteThemBack() {
    assertThat(WorkingSize.parse(" Trained ")).isEqualTo(WorkingSize.trained());
    for (String text : new String[] {"trained", "model-input", "360", "8", "7680"}) {
      assertThat(WorkingSize.parse(WorkingSize.parse(text).toString()))
          .isEqualTo(WorkingSize.parse(text));
      assertThat(WorkingSize.parse(text).toString()).isEqualTo(text);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-8", "-360", "7688", "100000", "361", "4"})
  void shouldRefuseABadShortSideNamingIt(String text) {
    assertThatThrownBy(() -> WorkingSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("working size")
        .hasMessageContaining("got " + text);
  }

  @Test
  void shouldSuggestTheNearestMultipleOfTheStride() {
    assertThatThrownBy(() -> WorkingSize.parse("361")).hasMessageContaining("try 360");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "360px", "1e3"})
  void shouldRefuseTextThatIsNoSizeNamingIt(String text) {
    assertThatThrownBy(() -> WorkingSize.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'" + text + "'");
  }

  @Test
  void shouldRefuseAnEmptyFrame() {
    assertThatThrownBy(() -> WorkingSize.trained().resolve(0, 10, IN_W, IN_H))
        .hasMessageContaining("0x10");
  }

  @Test
  void shouldSurviveJavaSerializationAsJobOptionsNeed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(WorkingSize.shortSide(720));
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      assertThat(in.readObject()).isEqualTo(WorkingSize.shortSide(720));
    }
  }
}
