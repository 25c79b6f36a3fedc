package dev.scenelabeler.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import dev.scenelabeler.models.net.Preprocessing;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/** One epoch of a {@link TrainingRun}: the training pass over shuffled batches, then validation. */
record EpochTrainer(TrainingOptions options, TrainingListener listener, LabelSet labels) {

  /** Sums over one epoch's batches. */
  record EpochTotals(int batches, double lossSum, long correct, long labelled) {}

  /** One pass over {@code epochBatches} shuffled batches of augmented crops. */
  EpochTotals train(
      Trainer trainer,
      CamVidSplit train,
      Augmentation augmentation,
      int epoch,
      int epochBatches,
      int batchesBefore,
      CosineSchedule schedule) {
    List<Integer> order = new ArrayList<>(IntStream.range(0, train.size()).boxed().toList());
    Collections.shuffle(order, new Random(options.seed() * 1000 + epoch));
    Random jitter = new Random(options.seed() * 7919 + epoch);
    listener.onEpochStart(epoch, options.epochs(), epochBatches);
    double lossSum = 0;
    long correct = 0;
    long labelled = 0;
    for (int b = 0; b < epochBatches; b++) {
      List<CamVidSplit.Sample> samples = new ArrayList<>();
      for (int i = 0; i < options.batchSize(); i++) {
        samples.add(train.samples().get(order.get(b * options.batchSize() + i)));
      }
      try (NDManager batchManager = trainer.getManager().newSubManager()) {
        NDList[] batch = toBatch(batchManager, samples, augmentation, jitter);
        try (GradientCollector collector = trainer.newGradientCollector()) {
          NDList predictions = toLabelSize(trainer.forward(batch[0]), batch[1].head());
          NDArray loss = trainer.getLoss().evaluate(batch[1], predictions);
          collector.backward(loss);
          lossSum += loss.getFloat();
          long[] hits = pixelHits(predictions.head(), batch[1].head());
          correct += hits[0];
          labelled += hits[1];
        }
        trainer.step();
      }
      listener.onBatch(
          b + 1,
          lossSum / (b + 1),
          (double) correct / Math.max(1, labelled),
          schedule.rateAt(batchesBefore + b + 1));
    }
    listener.onEpochEnd();
    return new EpochTotals(epochBatches, lossSum, correct, labelled);
  }

  /** The confusion matrix of the network, as it is now, on every chosen val frame at input size. */
  ConfusionMatrix validate(Trainer trainer, CamVidSplit val) {
    Augmentation plain =
        new Augmentation(Augmentation.Settings.NONE, options.inputWidth(), options.inputHeight());
    ConfusionMatrix matrix = new ConfusionMatrix(labels);
    Random unused = new Random(0);
    for (CamVidSplit.Sample sample : val.samples()) {
      try (NDManager manager = trainer.getManager().newSubManager()) {
        NDList[] batch = toBatch(manager, List.of(sample), plain, unused);
        NDArray scores = toLabelSize(trainer.evaluate(batch[0]), batch[1].head()).head();
        byte[] predicted = scores.argMax(1).toType(DataType.UINT8, false).toByteArray();
        matrix.add(batch[1].head().toByteArray(), predicted);
      }
    }
    return matrix;
  }

  TrainingResult.EpochMetrics metrics(
      int epoch, EpochTotals totals, ConfusionMatrix val, double seconds, float learningRate) {
    double[] valIou = IntStream.range(0, labels.size()).mapToDouble(val::iou).toArray();
    return new TrainingResult.EpochMetrics(
        epoch,
        totals.lossSum() / Math.max(1, totals.batches()),
        (double) totals.correct() / Math.max(1, totals.labelled()),
        val.pixelAccuracy(),
        val.meanIouNamed(),
        val.meanIouAll(),
        valIou,
        seconds,
        learningRate);
  }

  /** Scores at the labels' size: the second generation predicts at stride 4. */
  static NDList toLabelSize(NDList predictions, NDArray labels) {
    NDArray scores = predictions.singletonOrThrow();
    long h = labels.getShape().get(1);
    long w = labels.getShape().get(2);
    if (scores.getShape().get(2) == h && scores.getShape().get(3) == w) {
      return predictions;
    }
    return new NDList(Preprocessing.resize(scores, h, w, false));
  }

  static NDList[] toBatch(
      NDManager manager,
      List<CamVidSplit.Sample> samples,
      Augmentation augmentation,
      Random random) {
    int n = samples.size();
    int width = augmentation.width();
    int height = augmentation.height();
    ByteBuffer images = ByteBuffer.allocate(n * height * width * 3);
    ByteBuffer labels = ByteBuffer.allocate(n * height * width);
    for (CamVidSplit.Sample sample : samples) {
      Augmentation.Example example = augmentation.apply(sample, random);
      images.put(example.image());
      labels.put(example.labels());
    }
    images.flip();
    labels.flip();
    NDArray x = manager.create(images, new Shape(n, height, width, 3), DataType.UINT8);
    NDArray y = manager.create(labels, new Shape(n, height, width), DataType.UINT8);
    return new NDList[] {new NDList(x), new NDList(y)};
  }

  /**
   * Correct and labelled pixel counts of a batch of scores against training labels (a rider is
   * "other").
   */
  private static long[] pixelHits(NDArray scores, NDArray labels) {
    NDArray target = labels.toType(DataType.INT64, false);
    NDArray valid = target.lt(CamVidClasses.TRAINING_LABELS);
    NDArray classes =
        scores
            .getManager()
            .create(Arrays.stream(CamVidClasses.trainingLabelClasses()).asLongStream().toArray());
    NDArray targetClass = classes.take(target.mul(valid.toType(DataType.INT64, false)));
    NDArray hits = scores.argMax(1).eq(targetClass).logicalAnd(valid);
    return new long[] {
      hits.sum().toType(DataType.INT64, false).getLong(),
      valid.sum().toType(DataType.INT64, false).getLong()
    };
  }
}
