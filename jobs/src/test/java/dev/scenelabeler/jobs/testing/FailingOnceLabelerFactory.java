package dev.scenelabeler.jobs.testing;

import dev.scenelabeler.jobs.labeling.FrameLabeler;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.opencv.core.Mat;

/**
 * Wraps a real labeler factory and throws once, inside the labeling operator, when the subtasks
 * together have labeled {@code failAtFrame} frames: Flink must restart the job from its last
 * checkpoint. The failure is no {@code FrameRefusedException}, so the labeling core lets it through
 * rather than dead-lettering the batch. Counters live in static maps keyed by a per-instance id
 * because the factory is serialized into the job (MiniCluster tasks run in this JVM).
 */
public final class FailingOnceLabelerFactory implements LabelerFactory {

  private static final long serialVersionUID = 1L;
  private static final Map<String, AtomicInteger> LABELED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicInteger> OPENED = new ConcurrentHashMap<>();
  private static final Map<String, AtomicBoolean> FAILED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();
  private final LabelerFactory delegate;
  private final int failAtFrame;
  private final long minMillisPerFrame;

  public FailingOnceLabelerFactory(LabelerFactory delegate, int failAtFrame) {
    this(delegate, failAtFrame, 0);
  }

  /**
   * @param minMillisPerFrame each frame takes at least this long, so that a fast labeler (60
   *     frames/s on ONNX Runtime) does not finish the stream before the first checkpoint
   */
  public FailingOnceLabelerFactory(
      LabelerFactory delegate, int failAtFrame, long minMillisPerFrame) {
    this.delegate = delegate;
    this.failAtFrame = failAtFrame;
    this.minMillisPerFrame = minMillisPerFrame;
    LABELED.put(id, new AtomicInteger());
    OPENED.put(id, new AtomicInteger());
    FAILED.put(id, new AtomicBoolean());
  }

  /** Frames labeled over all attempts, the ones repeated after the restart included. */
  public int framesLabeled() {
    return LABELED.get(id).get();
  }

  /** Labelers opened: one per subtask per attempt. */
  public int labelersOpened() {
    return OPENED.get(id).get();
  }

  public boolean hasFailed() {
    return FAILED.get(id).get();
  }

  @Override
  public FrameLabeler open(DeviceSpec device) {
    OPENED.get(id).incrementAndGet();
    FrameLabeler labeler = delegate.open(device);
    AtomicInteger labeled = LABELED.get(id);
    AtomicBoolean failed = FAILED.get(id);
    return new FrameLabeler() {
      @Override
      public List<SceneMask> labelBatch(List<Mat> frames) {
        return failOnceThenPace(frames, labeler::labelBatch);
      }

      @Override
      public List<FrameScores> scoreBatch(List<Mat> frames) {
        return failOnceThenPace(frames, labeler::scoreBatch); // the temporal filter's pass
      }

      private <T> List<T> failOnceThenPace(List<Mat> frames, Function<List<Mat>, List<T>> pass) {
        if (labeled.get() >= failAtFrame && failed.compareAndSet(false, true)) {
          throw new IllegalStateException("injected failure after " + labeled.get() + " frames");
        }
        long start = System.nanoTime();
        List<T> results = pass.apply(frames);
        long left = minMillisPerFrame * frames.size() - (System.nanoTime() - start) / 1_000_000;
        if (left > 0) {
          try {
            Thread.sleep(left);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while pacing", e);
          }
        }
        labeled.addAndGet(frames.size());
        return results;
      }

      @Override
      public ModelInfo info() {
        return labeler.info();
      }

      @Override
      public void close() {
        labeler.close();
      }
    };
  }

  @Override
  public int engineGpuCount() {
    return delegate.engineGpuCount();
  }

  @Override
  public String describe() {
    return delegate.describe() + ", failing once at frame " + failAtFrame;
  }
}
