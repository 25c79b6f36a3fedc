package dev.scenelabeler.models.train;

import dev.scenelabeler.models.report.Progress;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reports a training run as lines of text and a progress bar per epoch (the {@code train} command's
 * output).
 */
public final class ConsoleTrainingListener implements TrainingListener {

  private final PrintStream out;
  private Progress bar;

  public ConsoleTrainingListener(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStart(
      TrainingOptions options,
      String network,
      List<String> lossLabels,
      int trainFrames,
      int valFrames,
      double[] frequencies,
      float[] weights) {
    out.printf(
        "Training %s on %d frames of %s (validation: %d frames of val), input %dx%d, crops %dx%d,"
            + " batch %d%n",
        network,
        trainFrames,
        options.dataDir(),
        valFrames,
        options.inputWidth(),
        options.inputHeight(),
        options.cropWidth(),
        options.cropHeight(),
        options.batchSize());
    for (int c = 0; c < lossLabels.size(); c++) {
      out.printf(
          "  %-17s pixel share %5.1f%%  weight %5.2f%n",
          lossLabels.get(c), 100 * frequencies[c], weights[c]);
    }
  }

  @Override
  public void onPretrained(Path file, int arraysCopied) {
    out.printf("Encoder from %s (%d parameter arrays)%n", file, arraysCopied);
  }

  @Override
  public void onInit(Path weights, int arraysCopied) {
    out.printf("Every weight from %s (%d parameter arrays): a fine-tune%n", weights, arraysCopied);
  }

  @Override
  public void onResume(Path checkpointDir, int epochsCompleted, int batchesTrained) {
    out.printf(
        "Resumed from %s after epoch %d (%d batches)%n",
        checkpointDir, epochsCompleted, batchesTrained);
  }

  @Override
  public void onNetwork(long parameterCount, long macsPerFrame) {
    out.printf("Parameters: %,d; %.2f GMAC per frame%n", parameterCount, macsPerFrame / 1e9);
  }

  @Override
  public void onEpochStart(int epoch, int epochs, int batches) {
    bar = new Progress(out, String.format("epoch %d/%d", epoch, epochs), batches);
  }

  @Override
  public void onBatch(int batch, double meanLoss, double pixelAccuracy, float learningRate) {
    bar.update(
        batch,
        String.format(
            "loss %.4f  pixel acc %.1f%%  lr %.2e", meanLoss, 100 * pixelAccuracy, learningRate));
  }

  @Override
  public void onEpochEnd() {
    bar.close();
  }

  @Override
  public void onEpoch(TrainingResult.EpochMetrics m) {
    out.printf(
        "epoch %d: loss %.4f, train pixel acc %.1f%%, val pixel acc %.1f%%, val mIoU(5) %.1f%%, "
            + "mIoU(6) %.1f%%, IoU %s, %.0f s%n",
        m.epoch(),
        m.trainLoss(),
        100 * m.trainPixelAccuracy(),
        100 * m.valPixelAccuracy(),
        100 * m.valMeanIouNamed(),
        100 * m.valMeanIouAll(),
        percentages(m.valIou()),
        m.seconds());
  }

  @Override
  public void onBest(int epoch, Path dir) {
    out.printf("epoch %d is the best so far by val mIoU(5): saved to %s%n", epoch, dir);
  }

  @Override
  public void onReportsWritten(Path outDir) {
    out.printf(
        "Wrote %s, %s and %s%n",
        outDir.resolve("model"),
        outDir.resolve("metrics.json"),
        outDir.resolve("training-curves.png"));
  }

  private static String percentages(double[] values) {
    return Arrays.stream(values).mapToObj(v -> String.format("%.0f", 100 * v)).toList().toString();
  }
}
