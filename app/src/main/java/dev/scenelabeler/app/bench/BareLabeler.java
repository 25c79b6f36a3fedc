package dev.scenelabeler.app.bench;

import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.SceneModelLabelerFactory;
import dev.scenelabeler.models.DeviceSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One labeler on the clip's first frames, JPEG round-tripped like the publisher's, decoded
 * beforehand: what the pipeline's labeler could do with nothing around it.
 */
final class BareLabeler implements AutoCloseable {
  private final FrameLabeler labeler;
  private final List<Mat> mats;

  private BareLabeler(FrameLabeler labeler, List<Mat> mats) {
    this.labeler = labeler;
    this.mats = mats;
  }

  static BareLabeler open(Path clip, SceneModelLabelerFactory factory, int distinctFrames)
      throws Exception {
    List<Mat> mats = new ArrayList<>();
    for (byte[] jpeg : ClipJpegs.read(clip, distinctFrames).jpegs()) {
      MatOfByte bytes = new MatOfByte(jpeg);
      mats.add(Imgcodecs.imdecode(bytes, Imgcodecs.IMREAD_COLOR));
      bytes.release();
    }
    BareLabeler bare;
    try {
      bare = new BareLabeler(factory.open(DeviceSpec.auto()), mats);
    } catch (Exception | Error e) {
      mats.forEach(Mat::release);
      throw e;
    }
    try {
      bare.fps(3); // warm-up
    } catch (RuntimeException | Error e) {
      bare.close();
      throw e;
    }
    return bare;
  }

  /** Frames/s labeling {@code count} frames one at a time. */
  double fps(int count) {
    long start = System.nanoTime();
    for (int i = 0; i < count; i++) {
      labeler.labelBatch(List.of(mats.get(i % mats.size())));
    }
    return count / ((System.nanoTime() - start) / 1e9);
  }

  @Override
  public void close() throws Exception {
    try {
      labeler.close();
    } finally {
      mats.forEach(Mat::release);
    }
  }
}
