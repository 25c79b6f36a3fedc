package dev.scenelabeler.jobs.labeling;

import ai.djl.engine.Engine;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.SceneModel;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.opencv.core.Mat;

/**
 * Labels with a real {@link SceneModel}: the committed default, a model directory, or an
 * untrained network with seeded weights (for plumbing tests). Each subtask loads its own model
 * on its own device and takes one labeler (one Predictor) from it.
 */
public final class SceneModelLabelerFactory implements LabelerFactory {

  private static final long serialVersionUID = 1L;

  private final String modelDir; // null with untrainedNetwork == null: the default model
  private final String untrainedNetwork;
  private final long seed;

  private SceneModelLabelerFactory(String modelDir, String untrainedNetwork, long seed) {
    this.modelDir = modelDir;
    this.untrainedNetwork = untrainedNetwork;
    this.seed = seed;
  }

  /** The committed default model. */
  public static SceneModelLabelerFactory defaultModel() {
    return new SceneModelLabelerFactory(null, null, 0);
  }

  /** A model directory, or the default model when empty. */
  public static SceneModelLabelerFactory of(Optional<Path> modelDir) {
    return modelDir.map(SceneModelLabelerFactory::fromDirectory).orElseGet(SceneModelLabelerFactory::defaultModel);
  }

  public static SceneModelLabelerFactory fromDirectory(Path dir) {
    return new SceneModelLabelerFactory(dir.toAbsolutePath().toString(), null, 0);
  }

  /** An untrained network with deterministic weights: same seed, same masks. */
  public static SceneModelLabelerFactory untrained(String network, long seed) {
    return new SceneModelLabelerFactory(null, network, seed);
  }

  /** Loads the model this factory names; the caller closes it. */
  public SceneModel loadModel(DeviceSpec device) {
    if (untrainedNetwork != null) {
      return SceneModel.untrained(untrainedNetwork, seed, device);
    }
    return modelDir == null ? SceneModel.loadDefault(device) : SceneModel.load(Path.of(modelDir), device);
  }

  @Override
  public FrameLabeler open(DeviceSpec device) {
    SceneModel model = loadModel(device);
    try {
      return new ModelLabeler(model, model.newLabeler());
    } catch (RuntimeException e) {
      model.close();
      throw e;
    }
  }

  @Override
  public int engineGpuCount() {
    return Engine.getEngine("PyTorch").getGpuCount();
  }

  @Override
  public String describe() {
    if (untrainedNetwork != null) {
      return "untrained " + untrainedNetwork + " (seed " + seed + ")";
    }
    return modelDir == null ? "default model" : "model " + modelDir;
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
