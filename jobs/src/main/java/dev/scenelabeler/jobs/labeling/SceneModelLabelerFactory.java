package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.FrameScores;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.WorkingSize;
import dev.scenelabeler.models.quant.Precision;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import org.opencv.core.Mat;

/**
 * Labels with a real {@link SceneModel}: the committed default, a model directory, or an untrained
 * network with seeded weights (for plumbing tests), as a {@link ModelSource} names it. Each subtask
 * loads its own model on its own device and takes one labeler (one Predictor) from it.
 */
public final class SceneModelLabelerFactory implements LabelerFactory {

  private static final long serialVersionUID = 4L;

  private final ModelSource source;
  private final InferenceEngine engine; // null: the model's default
  private final WorkingSize workingSize; // travels with the job to the task managers
  private final Precision precision; // decided on each task manager: its CPU, its self-check

  private SceneModelLabelerFactory(
      ModelSource source, InferenceEngine engine, WorkingSize workingSize, Precision precision) {
    this.source = Objects.requireNonNull(source, "source");
    this.engine = engine;
    this.workingSize = Objects.requireNonNull(workingSize, "workingSize");
    this.precision = Objects.requireNonNull(precision, "precision");
  }

  /** {@code source} on its default engine at the trained working size, fp32. */
  public static SceneModelLabelerFactory of(ModelSource source) {
    return new SceneModelLabelerFactory(source, null, WorkingSize.trained(), Precision.FP32);
  }

  /** The same model in {@code value} ({@link Precision}; ONNX Runtime only). */
  public SceneModelLabelerFactory inPrecision(Precision value) {
    return new SceneModelLabelerFactory(source, engine, workingSize, value);
  }

  /**
   * The same model on {@code value}; null: the model's default (see {@link ModelSource#engine}).
   */
  public SceneModelLabelerFactory onEngine(InferenceEngine value) {
    return new SceneModelLabelerFactory(source, value, workingSize, precision);
  }

  /** The same model labeling frames at {@code value}. */
  public SceneModelLabelerFactory atWorkingSize(WorkingSize value) {
    return new SceneModelLabelerFactory(source, engine, value, precision);
  }

  public WorkingSize workingSize() {
    return workingSize;
  }

  public ModelSource source() {
    return source;
  }

  /** The committed default model. */
  public static SceneModelLabelerFactory defaultModel() {
    return of(ModelSource.defaultModel());
  }

  /** Reads the text with {@link ModelSource#parse}; kept for callers that hold the text. */
  public static SceneModelLabelerFactory of(String spec) {
    return of(ModelSource.parse(spec));
  }

  public static SceneModelLabelerFactory fromDirectory(Path dir) {
    return of(ModelSource.directory(dir));
  }

  /** An untrained network with deterministic weights: same seed, same masks. */
  public static SceneModelLabelerFactory untrained(String network, long seed) {
    return of(ModelSource.untrained(network, seed));
  }

  /** Loads the model this factory names; the caller closes it. */
  public SceneModel loadModel(DeviceSpec device) {
    return source.open(device, engine, precision);
  }

  @Override
  public FrameLabeler open(DeviceSpec device) {
    SceneModel model = loadModel(device);
    try {
      return new ModelLabeler(model, model.newLabeler(workingSize));
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  /** The engine that will label, chosen where loading chooses it ({@link ModelSource#engine}). */
  public InferenceEngine engine() {
    return source.engine(engine);
  }

  @Override
  public int engineGpuCount() {
    // ONNX Runtime sees GPUs only with its CUDA build (onnxruntime_gpu), so ask the engine that
    // will label.
    return engine().gpuCount();
  }

  @Override
  public String describe() {
    String on;
    try {
      on = " on " + engine();
    } catch (RuntimeException e) { // described before loading fails with the same message
      on = " (engine: " + e.getMessage() + ")";
    }
    return source.describe()
        + on
        + ", working size "
        + workingSize
        + (precision == Precision.FP32 ? "" : ", precision " + precision);
  }

  /** Owns the model and its one labeler; closes both. */
  private static final class ModelLabeler implements FrameLabeler {
    private final SceneModel model;
    private final SceneLabeler labeler;

    ModelLabeler(SceneModel model, SceneLabeler labeler) {
      this.model = model;
      this.labeler = labeler;
    }

    @Override
    public List<SceneMask> labelBatch(List<Mat> frames) {
      return frames.size() == 1
          ? List.of(labeler.label(frames.get(0)))
          : labeler.labelBatch(frames);
    }

    @Override
    public List<FrameScores> scoreBatch(List<Mat> frames) {
      return labeler.scoreBatch(frames);
    }

    @Override
    public ModelInfo info() {
      return labeler.info();
    }

    @Override
    public void close() {
      try {
        labeler.close();
      } finally {
        model.close();
      }
    }
  }
}
