package dev.scenelabeler.connectors.video;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FfmpegFrameSourceTest {

  @Test
  void shouldDecodeEveryFrameOfTheClipWithFfprobeTimestamps() throws Exception {
    List<VideoFrame> frames = new ArrayList<>();
    try (FrameSource source = FrameSource.open(TestData.clip())) {
      VideoInfo info = source.info();
      assertThat(info.frameRate()).isEqualTo(TestData.CLIP_FPS);
      assertThat(info.width()).isEqualTo(TestData.CLIP_WIDTH);
      assertThat(info.height()).isEqualTo(TestData.CLIP_HEIGHT);
      assertThat(info.frameCount()).hasValue(TestData.CLIP_FRAMES);
      Optional<VideoFrame> f;
      while ((f = source.next()).isPresent()) {
        frames.add(f.get());
      }
    }
    assertThat(frames).hasSize(TestData.CLIP_FRAMES);
    for (int i = 0; i < frames.size(); i++) {
      VideoFrame frame = frames.get(i);
      assertThat(frame.index()).isEqualTo(i);
      assertThat(frame.timestampMicros())
          .as("pts of frame %d", i)
          .isEqualTo(TestData.expectedClipTimestampMicros(i));
      assertThat(frame.bgr().channels()).isEqualTo(3);
      assertThat(frame.width()).isEqualTo(480);
    }
  }
}
