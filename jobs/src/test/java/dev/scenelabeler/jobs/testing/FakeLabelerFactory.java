package dev.scenelabeler.jobs.testing;

import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameRefusedException;
import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.opencv.core.Mat;

/**
 * A deterministic labeler without a network: a pixel's class is its mean intensity in six bands, so
 * the mask of a synthetic frame is known in advance ({@link #expectedMask}). It records the batch
 * sizes it was given and refuses frames of {@link #REFUSED_WIDTH} the way the real labeler refuses
 * unusable images.
 */
public final class FakeLabelerFactory implements LabelerFactory {

  private static final long serialVersionUID = 1L;

  /** Frames this wide are refused with {@link FrameRefusedException}. */
  public static final int REFUSED_WIDTH = 13;

  public static final ModelInfo INFO =
      new ModelInfo("fake-bands", "1", "none", LabelSet.SCENE6, 0, 0, 0);

  private static final Map<String, List<Integer>> BATCHES = new ConcurrentHashMap<>();
  private static final Map<String, List<DeviceSpec>> DEVICES = new ConcurrentHashMap<>();
  private static final Map<String, Runnable> BEFORE_BATCH = new ConcurrentHashMap<>();

  private final String id;
  private final boolean failEngine;

  private FakeLabelerFactory(String id, boolean failEngine) {
    this.id = id;
    this.failEngine = failEngine;
  }

  /** A fresh factory whose batches and devices the test can read back by this instance. */
  public static FakeLabelerFactory create() {
    return new FakeLabelerFactory(UUID.randomUUID().toString(), false);
  }

  /** A factory whose labeler fails like a broken engine on every call. */
  public static FakeLabelerFactory brokenEngine() {
    return new FakeLabelerFactory(UUID.randomUUID().toString(), true);
  }

  /**
   * Runs {@code hook} at the start of every batch, e.g. to advance a test clock by a labeling time.
   */
  public FakeLabelerFactory beforeEachBatch(Runnable hook) {
    BEFORE_BATCH.put(id, hook);
    return this;
  }

  public List<Integer> batchSizes() {
    return List.copyOf(BATCHES.getOrDefault(id, List.of()));
  }

  public List<DeviceSpec> devicesOpened() {
    return List.copyOf(DEVICES.getOrDefault(id, List.of()));
  }

  public static SceneMask expectedMask(byte[] bgr, int width, int height) {
    byte[] classes = new byte[width * height];
    for (int p = 0; p < classes.length; p++) {
      int mean = ((bgr[3 * p] & 0xFF) + (bgr[3 * p + 1] & 0xFF) + (bgr[3 * p + 2] & 0xFF)) / 3;
      classes[p] = (byte) Math.min(LabelSet.SCENE6.size() - 1, mean * LabelSet.SCENE6.size() / 256);
    }
    return SceneMask.of(width, height, classes, LabelSet.SCENE6.size(), 0.5f);
  }

  static FrameScores bandScores(Mat frame) {
    int w = Math.max(1, frame.cols() / 4);
    int h = Math.max(1, frame.rows() / 4);
    int classes = LabelSet.SCENE6.size();
    byte[] bgr = new byte[frame.cols() * frame.rows() * 3];
    frame.get(0, 0, bgr);
    float[] logits = new float[classes * w * h];
    byte[] grey = new byte[w * h];
    for (int cy = 0; cy < h; cy++) {
      for (int cx = 0; cx < w; cx++) {
        long sum = 0;
        int n = 0;
        for (int y = cy * 4; y < Math.min(frame.rows(), cy * 4 + 4); y++) {
          for (int x = cx * 4; x < Math.min(frame.cols(), cx * 4 + 4); x++) {
            int p = 3 * (y * frame.cols() + x);
            sum += (bgr[p] & 0xFF) + (bgr[p + 1] & 0xFF) + (bgr[p + 2] & 0xFF);
            n += 3;
          }
        }
        int mean = n == 0 ? 0 : (int) (sum / n);
        int band = Math.min(classes - 1, mean * classes / 256);
        logits[band * w * h + cy * w + cx] = 4;
        grey[cy * w + cx] = (byte) mean;
      }
    }
    return new FrameScores(frame.cols(), frame.rows(), classes, w, h, logits, grey);
  }

  @Override
  public FrameLabeler open(DeviceSpec device) {
    DEVICES.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(device);
    List<Integer> batches = BATCHES.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>());
    return new FrameLabeler() {
      @Override
      public List<SceneMask> labelBatch(List<Mat> frames) {
        if (failEngine) {
          throw new IllegalStateException("engine failure (injected)");
        }
        BEFORE_BATCH.getOrDefault(id, () -> {}).run();
        List<SceneMask> masks = new ArrayList<>();
        for (Mat frame : frames) {
          if (frame.cols() == REFUSED_WIDTH) {
            throw new FrameRefusedException("image is " + frame.cols() + " pixels wide, refused");
          }
          byte[] bgr = new byte[frame.cols() * frame.rows() * 3];
          frame.get(0, 0, bgr);
          masks.add(expectedMask(bgr, frame.cols(), frame.rows()));
        }
        batches.add(frames.size());
        return masks;
      }

      /**
       * Scores at stride 4 that agree with the bands: per 4x4 cell, a logit of 4 for the band of
       * the cell's mean intensity and 0 for the others; the grey grid is that mean.
       */
      @Override
      public List<FrameScores> scoreBatch(List<Mat> frames) {
        List<FrameScores> scores = new ArrayList<>();
        for (Mat frame : frames) {
          if (frame.cols() == REFUSED_WIDTH) {
            throw new FrameRefusedException("image is " + frame.cols() + " pixels wide, refused");
          }
          scores.add(bandScores(frame));
        }
        batches.add(frames.size());
        return scores;
      }

      @Override
      public ModelInfo info() {
        return INFO;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public String describe() {
    return "fake labeler " + id;
  }
}
