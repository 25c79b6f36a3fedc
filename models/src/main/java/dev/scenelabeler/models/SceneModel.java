package dev.scenelabeler.models;

import java.nio.file.Path;

/**
 * A loaded scene-labeling network on one device. Thread-safe to share; each thread (each Flink
 * subtask) takes its own {@link SceneLabeler} from {@link #newLabeler()}.
 *
 * <p>API CONTRACT (implementation in progress).
 */
public final class SceneModel implements AutoCloseable {

  /** The committed default model shipped inside the models jar. */
  public static SceneModel loadDefault(DeviceSpec device) {
    throw new UnsupportedOperationException("in progress");
  }

  /** A model directory written by {@code ./scene-labeler train} (model.json + parameters). */
  public static SceneModel load(Path modelDir, DeviceSpec device) {
    throw new UnsupportedOperationException("in progress");
  }

  /** An untrained network with deterministic weights from {@code seed}: for tests of the plumbing. */
  public static SceneModel untrained(String network, long seed, DeviceSpec device) {
    throw new UnsupportedOperationException("in progress");
  }

  public ModelInfo info() {
    throw new UnsupportedOperationException("in progress");
  }

  /** A labeler with its own Predictor; not thread-safe, close it when done. */
  public SceneLabeler newLabeler() {
    throw new UnsupportedOperationException("in progress");
  }

  @Override
  public void close() {}
}
