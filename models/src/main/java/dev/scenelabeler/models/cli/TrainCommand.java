package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.net.NetworkConfig;
import dev.scenelabeler.models.train.TrainingOptions;
import dev.scenelabeler.models.train.TrainingResult;
import dev.scenelabeler.models.train.TrainingRun;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
    description = {"Trains the multi-scale network on a CamVid-layout folder (train/ + trainannot/).",
        "Writes OUT/model (model.json + weights.params), OUT/checkpoint (every epoch), OUT/metrics.json "
            + "and OUT/training-curves.png.",
        "Example: ./scene-labeler train --data ../shared/camvid --out runs/bn --epochs 40"})
public final class TrainCommand implements Callable<Integer> {

  @Option(names = "--data", required = true, description = "CamVid-layout folder, e.g. ../shared/camvid")
  Path data;

  @Option(names = "--out", defaultValue = "runs/train", description = "output folder (default: ${DEFAULT-VALUE})")
  Path out;

  @Option(names = "--network", defaultValue = "multiscale-bn",
      description = "network configuration: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})",
      completionCandidates = NetworkNames.class)
  String network;

  @Option(names = "--epochs", defaultValue = "40") int epochs;
  @Option(names = "--batch-size", defaultValue = "4") int batchSize;
  @Option(names = "--width", defaultValue = "320", description = "training input width") int width;
  @Option(names = "--height", defaultValue = "240", description = "training input height") int height;
  @Option(names = "--crop-width", defaultValue = "256", description = "width of random training crops")
  int cropWidth;
  @Option(names = "--crop-height", defaultValue = "192", description = "height of random training crops")
  int cropHeight;
  @Option(names = "--lr", defaultValue = "0.002", description = "peak learning rate (Adam)") float learningRate;
  @Option(names = "--weight-decay", defaultValue = "0.0001") float weightDecay;
  @Option(names = "--max-batches", defaultValue = "0", description = "stop after this many batches (0: no limit)")
  int maxBatches;
  @Option(names = "--val-stride", defaultValue = "2", description = "validate on every n-th val frame per epoch")
  int valStride;
  @Option(names = "--seed", defaultValue = "1") long seed;
  @Option(names = "--resume", description = "continue from OUT/checkpoint if present") boolean resume;
  @Option(names = "--device", defaultValue = "auto", description = "auto, cpu or gpu:N") String device;
  @Option(names = "--model-id", description = "model id written into model.json (default: scene-labeler-NETWORK)")
  String modelId;

  @Override
  public Integer call() throws Exception {
    TrainingOptions options = new TrainingOptions(data, out, network, epochs, batchSize, width, height,
        Math.min(cropWidth, width), Math.min(cropHeight, height), learningRate,
        weightDecay, maxBatches, valStride, seed, resume, DeviceSpec.parse(device),
        modelId == null ? "scene-labeler-" + network : modelId, LocalDate.now().toString());
    TrainingResult result = new TrainingRun(options, System.out).run();
    System.out.printf("Trained %d epochs (%d batches); model in %s%n", result.epochsCompleted(),
        result.batchesTrained(), result.modelDir());
    return 0;
  }

  /** Lists the named network configurations for --help and completion. */
  static final class NetworkNames implements Iterable<String> {
    @Override
    public java.util.Iterator<String> iterator() {
      return NetworkConfig.names().iterator();
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new TrainCommand()).execute(args));
  }
}
