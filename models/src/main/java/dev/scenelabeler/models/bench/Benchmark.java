package dev.scenelabeler.models.bench;

import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.TranslateException;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.WorkingSize;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Rect;
import org.opencv.core.Size;
import org.opencv.imgproc.Imgproc;

/**
 * Measures the network's speed against the machine's peak: frames/s at given sizes and batch sizes
 * (median of timed runs after warm-up), GMAC per frame, achieved GMAC/s, and the
 * multiply-accumulate rate of a large matrix product through the same engine.
 */
public final class Benchmark {

  /**
   * One measured configuration: frames of {@code width x height}, run by the network at {@code
   * workWidth x workHeight} (the same for the bare network; the working size for the labeler).
   */
  public record Result(
      String what,
      int width,
      int height,
      int workWidth,
      int workHeight,
      int batch,
      double framesPerSecond,
      double gmacPerFrame,
      double achievedGmacPerSecond,
      double medianSecondsPerBatch) {

    /** A configuration's result from its median seconds per batch of {@code batch} frames. */
    static Result of(
        String what,
        int width,
        int height,
        int workWidth,
        int workHeight,
        int batch,
        double gmacPerFrame,
        double medianSeconds) {
      return new Result(
          what,
          width,
          height,
          workWidth,
          workHeight,
          batch,
          batch / medianSeconds,
          gmacPerFrame,
          gmacPerFrame * batch / medianSeconds,
          medianSeconds);
    }
  }

  private final int warmup;
  private final int runs;

  public Benchmark(int warmup, int runs) {
    this.warmup = warmup;
    this.runs = runs;
  }

  /** The bare network forward on random frames of the given size. */
  public Result network(SceneModel model, int width, int height, int batch)
      throws TranslateException {
    double gmac = model.macsPerFrame(height, width) / 1e9;
    try (Predictor<NDList, NDList> predictor = model.newRawPredictor();
        NDManager manager = NDManager.newBaseManager(model.device(), model.engine().djlName())) {
      byte[] pixels = new byte[batch * height * width * 3];
      new Random(7)
          .nextBytes(pixels); // from Java: ONNX Runtime's NDManager has no random operators
      NDArray frames =
          manager.create(
              ByteBuffer.wrap(pixels), new Shape(batch, height, width, 3), DataType.UINT8);
      frames.setName("image");
      NDList input = new NDList(frames);
      double median = medianSeconds(() -> predictor.predict(input).close());
      return Result.of("network", width, height, width, height, batch, gmac, median);
    }
  }

  /**
   * The full labeler (scaled to its working size, forward, scores resized once to the frame,
   * arg-max, confidence, copy out) on one BGR frame of each {@code {width, height}} size, one
   * labeler for all. The sizes take turns, one frame each per round, so that a machine whose speed
   * drifts (other work on it) slows every size alike and their ratios hold. GMAC per frame is the
   * network's at the working size.
   */
  public List<Result> labeler(SceneModel model, WorkingSize workingSize, List<int[]> sizes)
      throws TranslateException {
    List<Mat> frames = randomFrames(sizes);
    try (SceneLabeler labeler = model.newLabeler(workingSize)) {
      List<Run> runs = frames.stream().<Run>map(frame -> () -> labeler.label(frame)).toList();
      double[] medians = medianSecondsInTurn(runs);
      List<Result> results = new ArrayList<>();
      for (int i = 0; i < sizes.size(); i++) {
        int[] work = labeler.workingSizeOf(sizes.get(i)[0], sizes.get(i)[1]);
        double gmac = model.macsPerFrame(work[1], work[0]) / 1e9;
        results.add(
            Result.of(
                "labeler",
                sizes.get(i)[0],
                sizes.get(i)[1],
                work[0],
                work[1],
                1,
                gmac,
                medians[i]));
      }
      return results;
    } finally {
      frames.forEach(Mat::release);
    }
  }

  /**
   * The fp32 and the int8 labeler on the same random frames, each size's two in turn with the
   * others (so a busy moment of a shared machine hits both alike): for each size a {@code labeler
   * fp32} and a {@code labeler int8} result.
   */
  public List<Result> precisions(
      SceneModel fp32, SceneModel int8, WorkingSize workingSize, List<int[]> sizes)
      throws TranslateException {
    List<Mat> frames = randomFrames(sizes);
    try (SceneLabeler a = fp32.newLabeler(workingSize);
        SceneLabeler b = int8.newLabeler(workingSize)) {
      List<Run> runs = new ArrayList<>();
      for (Mat frame : frames) {
        runs.add(() -> a.label(frame));
        runs.add(() -> b.label(frame));
      }
      double[] medians = medianSecondsInTurn(runs);
      List<Result> results = new ArrayList<>();
      for (int i = 0; i < sizes.size(); i++) {
        int[] work = a.workingSizeOf(sizes.get(i)[0], sizes.get(i)[1]);
        double gmac = fp32.macsPerFrame(work[1], work[0]) / 1e9;
        for (int k = 0; k < 2; k++) {
          results.add(
              Result.of(
                  k == 0 ? "labeler fp32" : "labeler int8",
                  sizes.get(i)[0],
                  sizes.get(i)[1],
                  work[0],
                  work[1],
                  1,
                  gmac,
                  medians[2 * i + k]));
        }
      }
      return results;
    } finally {
      frames.forEach(Mat::release);
    }
  }

  private static List<Mat> randomFrames(List<int[]> sizes) {
    List<Mat> frames = new ArrayList<>();
    Random random = new Random(7);
    for (int[] size : sizes) {
      byte[] pixels = new byte[size[0] * size[1] * 3];
      random.nextBytes(pixels);
      Mat frame = new Mat(size[1], size[0], CvType.CV_8UC3);
      frame.put(0, 0, pixels);
      frames.add(frame);
    }
    return frames;
  }

  /**
   * The labeler without and with the temporal filter, on a camera panning over a smooth random
   * scene ({@link #panningFrames}), each size's two in turn with the others: for each size a {@code
   * labeler} and a {@code filtered} result. The filtered frames go in order as one video at 30
   * frames/s, so the filter blends every frame after the first.
   *
   * @throws IllegalStateException if the filter did not blend the timed frames (the bench would
   *     time something else)
   */
  public List<Result> temporalFilter(
      SceneModel model, WorkingSize workingSize, List<int[]> sizes, TemporalFilterSettings filter)
      throws TranslateException {
    List<List<Mat>> clips = sizes.stream().map(size -> panningFrames(size[0], size[1])).toList();
    try (SceneLabeler labeler = model.newLabeler(workingSize)) {
      List<Run> runs = new ArrayList<>();
      int[] blended = new int[sizes.size()];
      for (int s = 0; s < sizes.size(); s++) {
        List<Mat> clip = clips.get(s);
        VideoSequenceLabeler sequence = new VideoSequenceLabeler(labeler, filter);
        int[] next = {0, 0};
        int which = s;
        runs.add(() -> labeler.label(clip.get(next[0]++ % clip.size())));
        runs.add(
            () -> {
              int k = next[1]++;
              sequence.label(clip.get(k % clip.size()), new FramePosition(k, k * 1000L / 30));
              if (sequence.lastOutcome().filtered()) {
                blended[which]++;
              }
            });
      }
      double[] medians = medianSecondsInTurn(runs);
      List<Result> results = new ArrayList<>();
      for (int s = 0; s < sizes.size(); s++) {
        if (blended[s] < warmup + this.runs - 1) { // all but the first frame
          throw new IllegalStateException(
              "the filter blended "
                  + blended[s]
                  + " of the bench's frames, expected all but the first");
        }
        int[] size = sizes.get(s);
        int[] work = labeler.workingSizeOf(size[0], size[1]);
        double gmac = model.macsPerFrame(work[1], work[0]) / 1e9;
        for (int k = 0; k < 2; k++) {
          double median = medians[2 * s + k];
          results.add(
              Result.of(
                  k == 0 ? "labeler" : "filtered",
                  size[0],
                  size[1],
                  work[0],
                  work[1],
                  1,
                  gmac,
                  median));
        }
      }
      return results;
    } finally {
      clips.forEach(clip -> clip.forEach(Mat::release));
    }
  }

  /**
   * Eight frames of a camera panning right, 1% of the width per frame, over a smooth random scene
   * (blurred noise: texture the flow can follow, unlike raw noise).
   */
  static List<Mat> panningFrames(int width, int height) {
    int margin = Math.max(8, width / 10);
    Mat scene = new Mat(height, width + margin, CvType.CV_8UC3);
    byte[] pixels = new byte[(int) scene.total() * 3];
    new Random(7).nextBytes(pixels);
    scene.put(0, 0, pixels);
    double sigma = Math.max(2, height / 60.0);
    Imgproc.GaussianBlur(scene, scene, new Size(0, 0), sigma);
    Core.normalize(scene, scene, 0, 255, Core.NORM_MINMAX);
    List<Mat> frames = new ArrayList<>();
    for (int k = 0; k < 8; k++) {
      int x = Math.min(margin, k * Math.max(1, width / 100));
      frames.add(scene.submat(new Rect(x, 0, width, height)).clone());
    }
    scene.release();
    return frames;
  }

  /**
   * The labeler on {@code batch} frames of one size, as {@link #labeler(SceneModel, WorkingSize,
   * List)}.
   */
  public Result labeler(SceneModel model, WorkingSize workingSize, int width, int height, int batch)
      throws TranslateException {
    List<Mat> frames = new ArrayList<>();
    Random random = new Random(7);
    for (int i = 0; i < batch; i++) {
      byte[] pixels = new byte[width * height * 3];
      random.nextBytes(pixels);
      Mat frame = new Mat(height, width, CvType.CV_8UC3);
      frame.put(0, 0, pixels);
      frames.add(frame);
    }
    try (SceneLabeler labeler = model.newLabeler(workingSize)) {
      int[] work = labeler.workingSizeOf(width, height);
      double gmac = model.macsPerFrame(work[1], work[0]) / 1e9;
      double median = medianSeconds(() -> labeler.labelBatch(frames));
      return Result.of("labeler", width, height, work[0], work[1], batch, gmac, median);
    } finally {
      frames.forEach(Mat::release);
    }
  }

  /**
   * GMAC/s of an n x n float matrix product through the engine: the ceiling for dense work here.
   */
  public double peakGmacPerSecond(int n) {
    try (NDManager manager =
        NDManager.newBaseManager(Engine.getEngine("PyTorch").defaultDevice())) {
      NDArray a = manager.randomUniform(-1, 1, new Shape(n, n));
      NDArray b = manager.randomUniform(-1, 1, new Shape(n, n));
      double median = medianSeconds(() -> a.matMul(b).close());
      return (double) n * n * n / median / 1e9;
    } catch (TranslateException e) {
      throw new IllegalStateException(e);
    }
  }

  interface Run {
    void run() throws TranslateException;
  }

  /** The median seconds of each run, the runs taking turns: warm-up rounds, then timed rounds. */
  private double[] medianSecondsInTurn(List<Run> runs) throws TranslateException {
    for (int i = 0; i < warmup; i++) {
      for (Run run : runs) {
        run.run();
      }
    }
    double[][] seconds = new double[runs.size()][this.runs];
    for (int i = 0; i < this.runs; i++) {
      for (int k = 0; k < runs.size(); k++) {
        long start = System.nanoTime();
        runs.get(k).run();
        seconds[k][i] = (System.nanoTime() - start) / 1e9;
      }
    }
    double[] medians = new double[runs.size()];
    for (int k = 0; k < runs.size(); k++) {
      Arrays.sort(seconds[k]);
      medians[k] = seconds[k][this.runs / 2];
    }
    return medians;
  }

  private double medianSeconds(Run run) throws TranslateException {
    for (int i = 0; i < warmup; i++) {
      run.run();
    }
    double[] seconds = new double[runs];
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      run.run();
      seconds[i] = (System.nanoTime() - start) / 1e9;
    }
    Arrays.sort(seconds);
    return seconds[runs / 2];
  }
}
