package dev.scenelabeler.models.train;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.report.Charts;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a {@link TrainingRun} tells about itself: model.json's training summary, metrics.json and
 * the curves.
 */
record TrainingReports(TrainingOptions options, TrainingListener listener, LabelSet labels) {

  /** The training entry of model.json: the data, settings and the last epoch's loss. */
  Map<String, Object> summary(int epoch, int batches, List<TrainingResult.EpochMetrics> history) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put(
        "data",
        options.dataDir().getFileName().toString()
            + " "
            + String.join(" + ", options.trainSplits())
            + (options.trainSplits().size() == 1 ? " split" : " splits"));
    if (options.trainSplits().contains("val")) {
      summary.put(
          "valNote",
          "val was trained on: the per-epoch val scores are not held out; the epoch count comes"
              + " from a train-only twin");
    }
    summary.put("epochs", epoch);
    summary.put("batches", batches);
    summary.put("batchSize", options.batchSize());
    summary.put("learningRate", options.learningRate());
    summary.put("weightDecay", options.weightDecay());
    summary.put("seed", options.seed());
    summary.put(
        "lossWeights",
        "ENet 1/ln("
            + options.enetC()
            + "+p) over train pixel shares, void ignored; CamVid's "
            + "Bicyclist weighed on its own as a kind of 'other'");
    Augmentation.Settings a = options.augmentation();
    summary.put(
        "augmentation",
        String.format(
            Locale.ROOT,
            "flip, rotation +-%.0f deg, scale %.0f-%.0f%%, random %dx%d crop, %.0f%% of crops"
                + " around a pedestrian",
            a.maxRotationDegrees(),
            100 * a.minScale(),
            100 * a.maxScale(),
            options.cropWidth(),
            options.cropHeight(),
            100 * a.focusProbability()));
    summary.put(
        "pretrained",
        options.pretrained() == null
            ? "none (from scratch)"
            : options.pretrained().getFileName().toString());
    Photometric.Settings p = options.photometric();
    summary.put(
        "photometric",
        p.equals(Photometric.Settings.NONE)
            ? "none"
            : String.format(
                Locale.ROOT,
                "colour jitter on every crop; shadow %.0f%%, over-exposure %.0f%%, blur %.0f%%,"
                    + " noise %.0f%%, JPEG %.0f%%, vignette %.0f%% of crops",
                100 * p.shadow(),
                100 * p.overExposure(),
                100 * p.blur(),
                100 * p.noise(),
                100 * p.jpeg(),
                100 * p.vignette()));
    if (options.init() != null) {
      summary.put("init", "all weights from " + options.init());
    }
    TrainingResult.EpochMetrics last = history.get(history.size() - 1);
    summary.put("finalTrainLoss", last.trainLoss());
    return summary;
  }

  /** OUT/metrics.json and OUT/training-curves.png. */
  void write(List<TrainingResult.EpochMetrics> history) throws IOException {
    Files.createDirectories(options.outDir());
    TrainingCheckpoints.JSON.writeValue(
        options.outDir().resolve("metrics.json").toFile(),
        Map.of("network", options.network(), "classes", labels.names(), "epochs", history));
    double[] epochs = history.stream().mapToDouble(TrainingResult.EpochMetrics::epoch).toArray();
    double[] loss = history.stream().mapToDouble(TrainingResult.EpochMetrics::trainLoss).toArray();
    double[] miou5 = history.stream().mapToDouble(m -> 100 * m.valMeanIouNamed()).toArray();
    double[] miou6 = history.stream().mapToDouble(m -> 100 * m.valMeanIouAll()).toArray();
    double[] trainAcc = history.stream().mapToDouble(m -> 100 * m.trainPixelAccuracy()).toArray();
    double[] valAcc = history.stream().mapToDouble(m -> 100 * m.valPixelAccuracy()).toArray();
    Charts.writeLinePanels(
        options.outDir().resolve("training-curves.png"),
        "Training "
            + options.network()
            + " on CamVid train ("
            + options.inputWidth()
            + "x"
            + options.inputHeight()
            + ")",
        epochs,
        "epoch",
        List.of("training loss", "val mIoU %", "pixel accuracy %"),
        List.of(
            List.of(new Charts.Series("train loss", new Color(200, 60, 50), loss)),
            List.of(
                new Charts.Series("mIoU, 5 named", new Color(40, 110, 200), miou5),
                new Charts.Series("mIoU, all 6", new Color(120, 170, 60), miou6)),
            List.of(
                new Charts.Series("train (augmented)", new Color(200, 60, 50), trainAcc),
                new Charts.Series("val", new Color(40, 110, 200), valAcc))));
    listener.onReportsWritten(options.outDir());
  }
}
