package dev.scenelabeler.connectors.video;

import java.util.Optional;
import org.opencv.core.Mat;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Turns a decoder's borrowed Mat into the caller-owned frame, upright ({@link DisplayOrientation})
 * and at the requested size: one copy, which is the turn or the resize itself where there is one.
 */
final class FrameCopier {

  private final Optional<Size> size;
  private final DisplayOrientation orientation;

  FrameCopier(FrameSourceOptions options) {
    this(options, DisplayOrientation.UPRIGHT);
  }

  FrameCopier(FrameSourceOptions options, DisplayOrientation orientation) {
    this.size = options.resizeTo().map(wh -> new Size(wh[0], wh[1]));
    this.orientation = orientation;
  }

  /** For a Mat the source already owns (a decoded image): resized in place of, or itself. */
  Mat resizeOwned(Mat owned) {
    if (size.isEmpty()) {
      return owned;
    }
    Mat out = resizedCopy(owned);
    owned.release();
    return out;
  }

  /** For a Mat borrowed from a decoder's reused buffer: always a fresh copy. */
  Mat ownedCopy(Mat borrowed) {
    if (!orientation.isUpright()) {
      Mat upright =
          orientation.applyCopy(borrowed); // turned before resizing: the size asked for is upright
      return resizeOwned(upright);
    }
    return resizedCopy(borrowed);
  }

  /** A fresh copy at the requested size. */
  private Mat resizedCopy(Mat borrowed) {
    if (size.isEmpty()
        || (borrowed.cols() == (int) size.get().width
            && borrowed.rows() == (int) size.get().height)) {
      return borrowed.clone();
    }
    Mat out = new Mat();
    boolean shrinking = size.get().width < borrowed.cols() && size.get().height < borrowed.rows();
    // Area averaging avoids aliasing when shrinking; bilinear is the usual choice when growing.
    Imgproc.resize(
        borrowed, out, size.get(), 0, 0, shrinking ? Imgproc.INTER_AREA : Imgproc.INTER_LINEAR);
    return out;
  }
}
