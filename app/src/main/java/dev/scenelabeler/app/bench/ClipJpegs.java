package dev.scenelabeler.app.bench;

import dev.scenelabeler.connectors.publish.FrameEncoder;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/** The first frames of a clip as the publisher sends them: JPEG, quality 90. */
record ClipJpegs(List<byte[]> jpegs, int width, int height) {
  static ClipJpegs read(Path clip, int count) throws Exception {
    List<byte[]> jpegs = new ArrayList<>();
    FrameEncoder jpeg = new FrameEncoder(ImageEncoding.JPEG, 90);
    int width = 0;
    int height = 0;
    try (FrameSource source = FrameSource.open(clip)) {
      while (jpegs.size() < count) {
        Optional<VideoFrame> next = source.next();
        if (next.isEmpty()) {
          break;
        }
        Mat bgr = next.get().bgr();
        width = bgr.cols();
        height = bgr.rows();
        jpegs.add(jpeg.encode(bgr));
        bgr.release();
      }
    }
    if (jpegs.isEmpty()) {
      throw new IllegalArgumentException("no frames in " + clip);
    }
    return new ClipJpegs(jpegs, width, height);
  }
}
