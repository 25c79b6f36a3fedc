package dev.scenelabeler.connectors.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PublishRateTest {

  @Test
  void shouldFollowStreamTimestampsInRealtime() {
    PublishRate realtime = PublishRate.parse("realtime");

    assertThat(realtime.dueNanos(10, 666_667)).isEqualTo(666_667_000L);
  }

  @Test
  void shouldNeverWaitAtMax() {
    assertThat(PublishRate.parse("MAX").dueNanos(1000, 99_000_000)).isZero();
  }

  @Test
  void shouldSpaceFramesEvenlyAtAFixedRate() {
    PublishRate rate = PublishRate.parse("25");

    assertThat(rate.dueNanos(0, 123)).isZero();
    assertThat(rate.dueNanos(50, 123)).isEqualTo(2_000_000_000L);
    assertThat(PublishRate.parse("12.5fps").dueNanos(25, 0)).isEqualTo(2_000_000_000L);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fast", "0", "-3", "NaN", "Infinity", ""})
  void shouldRejectNonsenseRates(String text) {
    assertThatThrownBy(() -> PublishRate.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("rate must be");
  }
}
