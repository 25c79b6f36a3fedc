package dev.scenelabeler.app.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.connectors.publish.CameraFeed;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoCamerasTest {

  @Test
  void shouldReplayTheRealDriveWhenGivenNothing() {
    List<CameraFeed> feeds = DemoCameras.feeds(List.of(), List.of(DemoCameras.DEFAULT_CLIPS));

    assertThat(feeds).extracting(CameraFeed::cameraId).containsExactly("sf-drive");
    assertThat(Path.of(feeds.get(0).description()))
        .hasFileName("pandaset-002-front-960x540-10fps.mp4")
        .isReadable();
  }

  @Test
  void shouldReplayEveryCommittedClipNamedAsACameraOfItsOwn() {
    List<CameraFeed> feeds = DemoCameras.feeds(List.of(), List.of("drive", "walk", "street"));

    assertThat(feeds)
        .extracting(CameraFeed::cameraId)
        .containsExactly("sf-drive", "sidewalk-walk", "synthetic-street");
    assertThat(feeds).allSatisfy(feed -> assertThat(Path.of(feed.description())).isReadable());
  }

  @Test
  void shouldNameTheUnknownClipAndTheKnownOnes() {
    assertThatThrownBy(() -> DemoCameras.feeds(List.of(), List.of("drive", "tunnel")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--clips: unknown clip 'tunnel'; choose from drive, walk, street");
  }

  @Test
  void shouldTakeTheUsersVideosInsteadWithTheirCameraNames() {
    String street = DemoCameras.feeds(List.of(), List.of("street")).get(0).description();

    List<CameraFeed> feeds =
        DemoCameras.feeds(List.of("front=" + street, street), List.of("drive"));

    assertThat(feeds).extracting(CameraFeed::cameraId).containsExactly("front", "cam-2");
  }

  @Test
  void shouldRefuseAVideoItCannotRead() {
    assertThatThrownBy(() -> DemoCameras.feeds(List.of("rear=/no/such/clip.mp4"), List.of("drive")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot read video /no/such/clip.mp4");
  }
}
