package dev.scenelabeler.dashboard.state;

import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import java.util.Optional;

/** What a camera card draws: the latest mask and, when it has arrived, the frame it labels. */
public record CameraView(MaskUpdate mask, Optional<FrameUpdate> frame) {
  public String camera() {
    return mask.camera();
  }
}
