package dev.scenelabeler.models.temporal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TemporalStateTest {

  private static TemporalState state() {
    byte[] probabilities = new byte[6 * 4 * 3];
    byte[] grey = new byte[4 * 3];
    Arrays.fill(probabilities, (byte) 200);
    Arrays.fill(grey, (byte) 17);
    return new TemporalState(16, 12, 4, 3, 6, probabilities, grey, 42, 1_700_000_000_000L);
  }

  @Test
  void shouldReadBackWhatItStores() {
    TemporalState state = state();

    TemporalState read = TemporalState.fromBytes(state.toBytes());

    assertThat(read.sequence()).isEqualTo(42);
    assertThat(read.captureMs()).isEqualTo(1_700_000_000_000L);
    assertThat(read.frameWidth()).isEqualTo(16);
    assertThat(read.probabilities()).isEqualTo(state.probabilities());
    assertThat(read.grey()).isEqualTo(state.grey());
    assertThat(state.toBytes()).hasSize(state.storedBytes());
  }

  @Test
  void shouldRefuseAnUnknownVersion() {
    byte[] bytes = state().toBytes();
    bytes[3] = 9;

    assertThatThrownBy(() -> TemporalState.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version 9");
  }

  @Test
  void shouldRefuseAStateCutShort() {
    byte[] bytes = Arrays.copyOf(state().toBytes(), 60);

    assertThatThrownBy(() -> TemporalState.fromBytes(bytes))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldParseTheOptionValues() {
    assertThat(TemporalFilterSettings.parse("flow")).isEqualTo(TemporalFilterSettings.flow());
    assertThat(TemporalFilterSettings.parse(" OFF ").isOff()).isTrue();
    assertThatThrownBy(() -> TemporalFilterSettings.parse("ema"))
        .hasMessageContaining("'flow' or 'off'")
        .hasMessageContaining("'ema'");
  }
}
