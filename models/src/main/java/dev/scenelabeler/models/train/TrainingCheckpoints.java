package dev.scenelabeler.models.train;

import ai.djl.nn.AbstractBlock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.models.ModelDescriptor;
import dev.scenelabeler.models.SceneModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What a {@link TrainingRun} leaves after each epoch, and reads back to resume a cut-off run. */
final class TrainingCheckpoints {

  static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Persisted after every epoch so a cut-off run resumes where it stopped. */
  record Checkpoint(
      int epochsCompleted, int batchesTrained, List<TrainingResult.EpochMetrics> history) {}

  private final TrainingOptions options;
  private final TrainingListener listener;
  private final Path dir;

  TrainingCheckpoints(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
    this.dir = options.outDir().resolve("checkpoint");
  }

  Path dir() {
    return dir;
  }

  /** The saved state when asked to resume and there is one, else a fresh start. */
  Checkpoint read() throws IOException {
    Path state = dir.resolve("state.json");
    return options.resume() && Files.exists(state)
        ? JSON.readValue(state.toFile(), Checkpoint.class)
        : new Checkpoint(0, 0, List.of());
  }

  /**
   * The checkpoint (weights + state), OUT/model, and OUT/best when this epoch is the best by val
   * mIoU.
   */
  void save(
      AbstractBlock net,
      ModelDescriptor descriptor,
      int epoch,
      int batches,
      List<TrainingResult.EpochMetrics> history)
      throws IOException {
    SceneModel.save(net, descriptor, dir);
    JSON.writeValue(dir.resolve("state.json").toFile(), new Checkpoint(epoch, batches, history));
    SceneModel.save(net, descriptor, options.outDir().resolve("model"));
    if (isBest(history)) {
      SceneModel.save(net, descriptor, options.outDir().resolve("best"));
      listener.onBest(epoch, options.outDir().resolve("best"));
    }
  }

  private static boolean isBest(List<TrainingResult.EpochMetrics> history) {
    double last = history.get(history.size() - 1).valMeanIouNamed();
    return history.stream().allMatch(m -> m.valMeanIouNamed() <= last);
  }
}
