package dev.scenelabeler.jobs.testing;

import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameRefusedException;
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
