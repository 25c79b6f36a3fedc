package dev.scenelabeler.jobs.labeling;

import ai.djl.engine.Engine;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.WorkingSize;
import java.nio.file.Path;
import java.util.List;
import org.opencv.core.Mat;

/**
 * Labels with a real {@link SceneModel}: the committed default, a model directory, or an
 * untrained network with seeded weights (for plumbing tests). Each subtask loads its own model
 * on its own device and takes one labeler (one Predictor) from it.
 */
public final class SceneModelLabelerFactory implements LabelerFactory {

  private static final long serialVersionUID = 2L;

  private final String modelDir; // null with untrainedNetwork == null: the default model
  private final String untrainedNetwork;
  private final long seed;
  private final InferenceEngine engine; // null: the model's default
  private final WorkingSize workingSize; // travels with the job to the task managers

  private SceneModelLabelerFactory(String modelDir, String untrainedNetwork, long seed, InferenceEngine engine,
      WorkingSize workingSize) {
    this.modelDir = modelDir;
    this.untrainedNetwork = untrainedNetwork;
    this.seed = seed;
    this.engine = engine;
    this.workingSize = workingSize;
  }

  /** The same model on {@code engine} (an untrained network always runs on PyTorch, its only copy). */
  public SceneModelLabelerFactory onEngine(InferenceEngine value) {
    return new SceneModelLabelerFactory(modelDir, untrainedNetwork, seed, value, workingSize);
  }

  /** The same model labeling frames at {@code value}. */
  public SceneModelLabelerFactory atWorkingSize(WorkingSize value) {
    return new SceneModelLabelerFactory(modelDir, untrainedNetwork, seed, engine, java.util.Objects.requireNonNull(value));
  }

  public WorkingSize workingSize() {
    return workingSize;
  }

  /** The committed default model. */
  public static SceneModelLabelerFactory defaultModel() {
    return new SceneModelLabelerFactory(null, null, 0, null, WorkingSize.trained());
  }

  /** Parses {@code default}, {@code untrained:NETWORK[:SEED]} (seed 42 if left out) or a model directory. */
  public static SceneModelLabelerFactory of(String spec) {
    String s = spec == null ? "" : spec.trim();
    if (s.isEmpty() || s.equals("default")) {
      return defaultModel();
    }
    if (s.startsWith("untrained:")) {
      String[] parts = s.split(":");
      if (parts.length < 2 || parts.length > 3 || parts[1].isBlank()) {
        throw new IllegalArgumentException("expected untrained:NETWORK[:SEED], got '" + spec + "'");
      }
      try {
        return untrained(parts[1], parts.length == 3 ? Long.parseLong(parts[2]) : 42);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("seed in '" + spec + "' is not a number");
      }
    }
    Path dir = Path.of(s);
    if (!java.nio.file.Files.isDirectory(dir)) {
      throw new IllegalArgumentException("model directory " + dir.toAbsolutePath() + " does not exist "
          + "(or say 'default' or 'untrained:farabet2013')");
    }
    return fromDirectory(dir);
  }

  public static SceneModelLabelerFactory fromDirectory(Path dir) {
    return new SceneModelLabelerFactory(dir.toAbsolutePath().toString(), null, 0, null, WorkingSize.trained());
  }

  /** An untrained network with deterministic weights: same seed, same masks. */
  public static SceneModelLabelerFactory untrained(String network, long seed) {
    return new SceneModelLabelerFactory(null, network, seed, null, WorkingSize.trained());
  }

  /** Loads the model this factory names; the caller closes it. */
  public SceneModel loadModel(DeviceSpec device) {
    if (untrainedNetwork != null) {
      return SceneModel.untrained(untrainedNetwork, seed, device);
    }
    return modelDir == null ? SceneModel.loadDefault(device, engine) : SceneModel.load(Path.of(modelDir), device, engine);
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

  @Override
  public int engineGpuCount() {
    // The engine that will label: ONNX Runtime sees GPUs only with its CUDA build (onnxruntime_gpu).
    boolean pytorch = untrainedNetwork != null || engine == InferenceEngine.PYTORCH;
    return Engine.getEngine(pytorch ? "PyTorch" : InferenceEngine.ONNX_RUNTIME.djlName()).getGpuCount();
  }

  @Override
  public String describe() {
    String at = ", working size " + workingSize;
    if (untrainedNetwork != null) {
      return "untrained " + untrainedNetwork + " (seed " + seed + ")" + at;
    }
    return (modelDir == null ? "default model" : "model " + modelDir) + (engine == null ? "" : " on " + engine) + at;
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
      return frames.size() == 1 ? List.of(labeler.label(frames.get(0))) : labeler.labelBatch(frames);
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
