package dev.scenelabeler.dashboard.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareHistoryTest {

  @Test
  void shouldAverageTheSharesOfOneSecondIntoOnePoint() {
    ShareHistory history = new ShareHistory(300);
    history.add(Map.of("sky", 1f, "road", 0f), 5_100);
    history.add(Map.of("road", 1f, "sky", 0f), 5_900); // another key order: the same classes
    history.add(Map.of("sky", 0.5f, "road", 0.5f), 6_000);

    List<SharePoint> points = history.points();

    assertThat(points).hasSize(1);
    assertThat(points.get(0).epochSecond()).isEqualTo(5);
    assertThat(points.get(0).shares())
        .containsExactlyInAnyOrderEntriesOf(Map.of("sky", 0.5f, "road", 0.5f));
    assertThat(points.get(0).masks()).isEqualTo(2);
  }

  @Test
  void shouldCountAClassMissingFromSomeMasksAsZeroForThem() {
    ShareHistory history = new ShareHistory(300);
    history.add(Map.of("sky", 1f), 5_100);
    history.add(Map.of("sky", 0.5f, "bicycle", 0.5f), 5_200);
    history.closePast(6_000);

    assertThat(history.points().get(0).shares())
        .containsExactlyInAnyOrderEntriesOf(Map.of("sky", 0.75f, "bicycle", 0.25f));
  }

  @Test
  void shouldCloseTheOpenSecondOnceTheClockHasLeftIt() {
    ShareHistory history = new ShareHistory(300);
    history.add(Map.of("sky", 0.25f), 7_000);
    history.closePast(7_999);
    assertThat(history.points()).isEmpty();
    history.closePast(8_000);
    assertThat(history.points()).extracting(SharePoint::epochSecond).containsExactly(7L);
  }

  @Test
  void shouldKeepOnlyTheLastSecondsAndServeRecentOnes() {
    ShareHistory history = new ShareHistory(3);
    for (int second = 0; second < 6; second++) {
      history.add(Map.of("sky", (float) second), second * 1000L);
    }
    history.closePast(6_000);
    assertThat(history.points()).extracting(SharePoint::epochSecond).containsExactly(3L, 4L, 5L);
    assertThat(history.pointsFrom(5)).extracting(SharePoint::epochSecond).containsExactly(5L);
  }
}
