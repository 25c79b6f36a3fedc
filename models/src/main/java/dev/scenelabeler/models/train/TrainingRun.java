package dev.scenelabeler.models.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Adam;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.ModelDescriptor;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import dev.scenelabeler.models.net.NetworkConfig;
import dev.scenelabeler.models.net.Networks;
import dev.scenelabeler.models.net.Preprocessing;
import dev.scenelabeler.models.pretrained.PretrainedEncoder;
import dev.scenelabeler.models.report.Charts;
import java.awt.Color;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * Trains a network on a CamVid-layout folder: masked, class-weighted per-pixel softmax loss, the
 * chosen augmentation, Adam with warm-up and cosine decay, a checkpoint every epoch (resumable),
 * and at the end the model directory, a metrics JSON and a PNG of the curves. Shaped like DJL's
 * examples: {@link #run} sets up, then each epoch is {@link #trainEpoch}, {@link #validate} and
 * {@link #saveEpoch}; what is reported goes to a {@link TrainingListener}.
 */
public final class TrainingRun {

  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Persisted after every epoch so a cut-off run resumes where it stopped. */
  record Checkpoint(int epochsCompleted, int batchesTrained, List<TrainingResult.EpochMetrics> history) {}

  /** Sums over one epoch's batches. */
  private record EpochTotals(int batches, double lossSum, long correct, long labelled) {}

  /**
   * The rider's ENet weight is multiplied by this: riders are 0.3% of train pixels but 3.4% of val's,
   * and the pixels a pedestrian is most often mistaken for.
   */
  static final float RIDER_WEIGHT_FACTOR = 2f;

  private final TrainingOptions options;
  private final TrainingListener listener;
  private final String network;
  private final LabelSet labels = CamVidClasses.LABEL_SET;
  private final Path checkpointDir;

  public TrainingRun(TrainingOptions options, PrintStream out) {
    this(options, new ConsoleTrainingListener(out));
  }

  public TrainingRun(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
    this.network = Networks.canonical(options.network());
    this.checkpointDir = options.outDir().resolve("checkpoint");
  }

  /**
   * Trains until {@code epochs} (or {@code maxBatches}) are done, resuming from OUT/checkpoint if
   * asked to.
   *
   * @throws IOException if the data, a checkpoint or the pretrained weights cannot be read, or the
   *     outputs cannot be written
   */
  public TrainingResult run() throws IOException {
    List<CamVidSplit> trainSplits = new ArrayList<>();
    for (String split : options.trainSplits()) {
      trainSplits.add(CamVidSplit.readForTraining(options.dataDir(), split, 1));
    }
    CamVidSplit train = trainSplits.size() == 1 ? trainSplits.get(0) : CamVidSplit.concat(trainSplits);
    CamVidSplit val = CamVidSplit.read(options.dataDir(), "val", Math.max(1, options.valStride()));
    // Weights per training label value: the label set's classes and the rider, a kind of "other".
    double[] frequencies = train.labelFrequencies(CamVidClasses.TRAINING_LABELS);
    float[] weights = MaskedSoftmaxLoss.enetWeights(frequencies, options.enetC());
    weights[CamVidClasses.RIDER] *= RIDER_WEIGHT_FACTOR;
    listener.onStart(options, network, trainingLabelNames(), train.size(), val.size(), frequencies, weights);

    Checkpoint checkpoint = readCheckpoint();
    int batchesPerEpoch = train.size() / options.batchSize();
    int totalSteps = batchesPerEpoch * options.epochs();
    if (options.maxBatches() > 0) {
      totalSteps = Math.min(totalSteps, options.maxBatches());
    }
    AbstractBlock net = Networks.create(network, labels.size());
    try (Model model = Model.newInstance("scene-labeler", options.device().resolve(), "PyTorch")) {
      model.setBlock(net);
      CosineSchedule schedule = new CosineSchedule(options.learningRate(), Math.min(100, totalSteps / 10 + 1),
          totalSteps, checkpoint.batchesTrained());
      try (Trainer trainer = model.newTrainer(trainingConfig(model, weights, schedule))) {
        ai.djl.engine.Engine.getEngine("PyTorch").setRandomSeed((int) options.seed());
        trainer.initialize(new Shape(options.batchSize(), options.cropHeight(), options.cropWidth(), 3));
        startWeights(net, checkpoint);
        long parameterCount = SceneModel.parameterCount(net);
        listener.onNetwork(parameterCount,
            Networks.macsPerFrame(net, labels.size(), options.inputHeight(), options.inputWidth()));

        Augmentation augmentation = new Augmentation(options.augmentation(), options.inputWidth(),
            options.inputHeight(), options.cropWidth(), options.cropHeight())
            .withPhotometric(new Photometric(options.photometric()));
        List<TrainingResult.EpochMetrics> history = new ArrayList<>(checkpoint.history());
        int batches = checkpoint.batchesTrained();
        int epoch = checkpoint.epochsCompleted();
        while (epoch < options.epochs() && (options.maxBatches() <= 0 || batches < options.maxBatches())) {
          epoch++;
          long epochStart = System.nanoTime();
          int epochBatches = options.maxBatches() > 0
              ? Math.min(batchesPerEpoch, options.maxBatches() - batches) : batchesPerEpoch;
          EpochTotals totals = trainEpoch(trainer, train, augmentation, epoch, epochBatches, batches, schedule);
          batches += totals.batches();
          ConfusionMatrix valMatrix = validate(trainer, val);
          TrainingResult.EpochMetrics metrics = metrics(epoch, totals, valMatrix,
              (System.nanoTime() - epochStart) / 1e9, schedule.rateAt(batches));
          history.add(metrics);
          listener.onEpoch(metrics);
          saveEpoch(net, parameterCount, epoch, batches, history);
        }
        writeReports(history);
        return new TrainingResult(options.outDir().resolve("model"), epoch, batches, parameterCount, history);
      }
    }
  }

  private Checkpoint readCheckpoint() throws IOException {
    Path state = checkpointDir.resolve("state.json");
    return options.resume() && Files.exists(state)
        ? JSON.readValue(state.toFile(), Checkpoint.class)
        : new Checkpoint(0, 0, List.of());
  }

  private DefaultTrainingConfig trainingConfig(Model model, float[] weights, CosineSchedule schedule) {
    return new DefaultTrainingConfig(new MaskedSoftmaxLoss(weights, CamVidClasses.trainingLabelClasses()))
        .optOptimizer(Adam.builder().optLearningRateTracker(schedule).optWeightDecays(options.weightDecay()).build())
        .optInitializer(initializerFor(network), ai.djl.nn.Parameter.Type.WEIGHT)
        .optDevices(new ai.djl.Device[] {model.getNDManager().getDevice()});
  }

  /** The checkpoint's weights on resume, else the pretrained encoder if one is given, else the initialiser's. */
  private void startWeights(AbstractBlock net, Checkpoint checkpoint) throws IOException {
    if (checkpoint.epochsCompleted() > 0) {
      try (InputStream in = Files.newInputStream(checkpointDir.resolve(ModelDescriptor.WEIGHTS_FILE))) {
        loadInPlace(net, network, labels.size(), new DataInputStream(in));
      } catch (ai.djl.MalformedModelException e) {
        throw new IOException("checkpoint in " + checkpointDir + " is unreadable: " + e.getMessage(), e);
      }
      listener.onResume(checkpointDir, checkpoint.epochsCompleted(), checkpoint.batchesTrained());
    } else if (options.init() != null) {
      try (InputStream in = Files.newInputStream(options.init().resolve(ModelDescriptor.WEIGHTS_FILE))) {
        loadInPlace(net, network, labels.size(), new DataInputStream(in));
      } catch (ai.djl.MalformedModelException e) {
        throw new IOException("--init " + options.init() + " does not fit network " + network + ": " + e.getMessage(), e);
      }
      listener.onInit(options.init().resolve(ModelDescriptor.WEIGHTS_FILE), net.getParameters().size());
    } else if (options.pretrained() != null) {
      int copied = PretrainedEncoder.loadInto(net, network, options.pretrained());
      listener.onPretrained(options.pretrained(), copied);
    }
  }

  /** One pass over {@code epochBatches} shuffled batches of augmented crops. */
  private EpochTotals trainEpoch(Trainer trainer, CamVidSplit train, Augmentation augmentation, int epoch,
      int epochBatches, int batchesBefore, CosineSchedule schedule) {
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
      listener.onBatch(b + 1, lossSum / (b + 1), (double) correct / Math.max(1, labelled),
          schedule.rateAt(batchesBefore + b + 1));
    }
    listener.onEpochEnd();
    return new EpochTotals(epochBatches, lossSum, correct, labelled);
  }

  /** The confusion matrix of the network, as it is now, on every chosen val frame at input size. */
  private ConfusionMatrix validate(Trainer trainer, CamVidSplit val) {
    Augmentation plain = new Augmentation(Augmentation.Settings.NONE, options.inputWidth(), options.inputHeight());
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

  private TrainingResult.EpochMetrics metrics(int epoch, EpochTotals totals, ConfusionMatrix val, double seconds,
      float learningRate) {
    double[] valIou = IntStream.range(0, labels.size()).mapToDouble(val::iou).toArray();
    return new TrainingResult.EpochMetrics(epoch, totals.lossSum() / Math.max(1, totals.batches()),
        (double) totals.correct() / Math.max(1, totals.labelled()), val.pixelAccuracy(), val.meanIouNamed(),
        val.meanIouAll(), valIou, seconds, learningRate);
  }

  /** The checkpoint (weights + state), OUT/model, and OUT/best when this epoch is the best by val mIoU. */
  private void saveEpoch(AbstractBlock net, long parameterCount, int epoch, int batches,
      List<TrainingResult.EpochMetrics> history) throws IOException {
    ModelDescriptor descriptor = ModelDescriptor.describe(options.modelId(), options.modelVersion(), network,
        labels, options.inputWidth(), options.inputHeight(), parameterCount, summary(epoch, batches, history));
    SceneModel.save(net, descriptor, checkpointDir);
    JSON.writeValue(checkpointDir.resolve("state.json").toFile(), new Checkpoint(epoch, batches, history));
    SceneModel.save(net, descriptor, options.outDir().resolve("model"));
    if (isBest(history)) {
      SceneModel.save(net, descriptor, options.outDir().resolve("best"));
      listener.onBest(epoch, options.outDir().resolve("best"));
    }
  }

  /**
   * Copies saved weights INTO the arrays the trainer already holds. Block#loadParameters would
   * give each parameter a new array, while the trainer's parameter store keeps updating the old
   * ones: training would go on from the fresh initialisation and every later save would write the
   * checkpoint's weights again (this happened once; the lost run is described in MODEL.md).
   */
  static void loadInPlace(AbstractBlock net, String network, int classes, DataInputStream in)
      throws IOException, ai.djl.MalformedModelException {
    AbstractBlock saved = Networks.create(network, classes);
    try (NDManager manager = NDManager.newBaseManager(net.getParameters().get(0).getValue().getArray().getDevice())) {
      saved.loadParameters(manager, in);
      var savedParameters = saved.getParameters();
      for (var entry : net.getParameters()) {
        NDArray target = entry.getValue().getArray();
        NDArray source = savedParameters.get(entry.getKey()).getArray();
        if (!source.getShape().equals(target.getShape())) {
          throw new ai.djl.MalformedModelException("checkpoint parameter " + entry.getKey() + " has shape "
              + source.getShape() + ", the network " + target.getShape());
        }
        source.copyTo(target);
      }
    }
  }

  private static boolean isBest(List<TrainingResult.EpochMetrics> history) {
    double last = history.get(history.size() - 1).valMeanIouNamed();
    return history.stream().allMatch(m -> m.valMeanIouNamed() <= last);
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

  /** Names of the training label values, for the report of their shares and weights. */
  private List<String> trainingLabelNames() {
    List<String> names = new ArrayList<>(labels.names());
    names.add("other: bicyclist");
    return names;
  }

  /** He initialisation for ReLU networks, Glorot for the paper's tanh. */
  private static XavierInitializer initializerFor(String network) {
    return Networks.isSecondGeneration(network) || NetworkConfig.named(network).activation() == NetworkConfig.Activation.RELU
        ? new XavierInitializer(XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
        : new XavierInitializer();
  }

  private Map<String, Object> summary(int epoch, int batches, List<TrainingResult.EpochMetrics> history) {
    Map<String, Object> summary = new LinkedHashMap<>();
    summary.put("data", options.dataDir().getFileName().toString() + " " + String.join(" + ", options.trainSplits())
        + (options.trainSplits().size() == 1 ? " split" : " splits"));
    if (options.trainSplits().contains("val")) {
      summary.put("valNote", "val was trained on: the per-epoch val scores are not held out; the epoch count comes"
          + " from a train-only twin");
    }
    summary.put("epochs", epoch);
    summary.put("batches", batches);
    summary.put("batchSize", options.batchSize());
    summary.put("learningRate", options.learningRate());
    summary.put("weightDecay", options.weightDecay());
    summary.put("seed", options.seed());
    summary.put("lossWeights", "ENet 1/ln(" + options.enetC() + "+p) over train pixel shares, void ignored; CamVid's "
        + "Bicyclist weighed on its own as a kind of 'other'");
    Augmentation.Settings a = options.augmentation();
    summary.put("augmentation", String.format(java.util.Locale.ROOT,
        "flip, rotation +-%.0f deg, scale %.0f-%.0f%%, random %dx%d crop, %.0f%% of crops around a pedestrian",
        a.maxRotationDegrees(), 100 * a.minScale(), 100 * a.maxScale(), options.cropWidth(), options.cropHeight(),
        100 * a.focusProbability()));
    summary.put("pretrained", options.pretrained() == null ? "none (from scratch)" : options.pretrained().getFileName().toString());
    Photometric.Settings p = options.photometric();
    summary.put("photometric", p.equals(Photometric.Settings.NONE) ? "none" : String.format(java.util.Locale.ROOT,
        "colour jitter on every crop; shadow %.0f%%, over-exposure %.0f%%, blur %.0f%%, noise %.0f%%, JPEG %.0f%%,"
            + " vignette %.0f%% of crops",
        100 * p.shadow(), 100 * p.overExposure(), 100 * p.blur(), 100 * p.noise(), 100 * p.jpeg(), 100 * p.vignette()));
    if (options.init() != null) {
      summary.put("init", "all weights from " + options.init());
    }
    TrainingResult.EpochMetrics last = history.get(history.size() - 1);
    summary.put("finalTrainLoss", last.trainLoss());
    return summary;
  }

  static NDList[] toBatch(NDManager manager, List<CamVidSplit.Sample> samples, Augmentation augmentation, Random random) {
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

  /** Correct and labelled pixel counts of a batch of scores against training labels (a rider is "other"). */
  private static long[] pixelHits(NDArray scores, NDArray labels) {
    NDArray target = labels.toType(DataType.INT64, false);
    NDArray valid = target.lt(CamVidClasses.TRAINING_LABELS);
    NDArray classes = scores.getManager().create(
        java.util.Arrays.stream(CamVidClasses.trainingLabelClasses()).asLongStream().toArray());
    NDArray targetClass = classes.take(target.mul(valid.toType(DataType.INT64, false)));
    NDArray hits = scores.argMax(1).eq(targetClass).logicalAnd(valid);
    return new long[] {hits.sum().toType(DataType.INT64, false).getLong(),
        valid.sum().toType(DataType.INT64, false).getLong()};
  }

  private void writeReports(List<TrainingResult.EpochMetrics> history) throws IOException {
    Files.createDirectories(options.outDir());
    JSON.writeValue(options.outDir().resolve("metrics.json").toFile(), Map.of(
        "network", options.network(), "classes", labels.names(), "epochs", history));
    double[] epochs = history.stream().mapToDouble(TrainingResult.EpochMetrics::epoch).toArray();
    double[] loss = history.stream().mapToDouble(TrainingResult.EpochMetrics::trainLoss).toArray();
    double[] miou5 = history.stream().mapToDouble(m -> 100 * m.valMeanIouNamed()).toArray();
    double[] miou6 = history.stream().mapToDouble(m -> 100 * m.valMeanIouAll()).toArray();
    double[] trainAcc = history.stream().mapToDouble(m -> 100 * m.trainPixelAccuracy()).toArray();
    double[] valAcc = history.stream().mapToDouble(m -> 100 * m.valPixelAccuracy()).toArray();
    Charts.writeLinePanels(options.outDir().resolve("training-curves.png"),
        "Training " + options.network() + " on CamVid train (" + options.inputWidth() + "x" + options.inputHeight() + ")",
        epochs, "epoch", List.of("training loss", "val mIoU %", "pixel accuracy %"),
        List.of(
            List.of(new Charts.Series("train loss", new Color(200, 60, 50), loss)),
            List.of(new Charts.Series("mIoU, 5 named", new Color(40, 110, 200), miou5),
                new Charts.Series("mIoU, all 6", new Color(120, 170, 60), miou6)),
            List.of(new Charts.Series("train (augmented)", new Color(200, 60, 50), trainAcc),
                new Charts.Series("val", new Color(40, 110, 200), valAcc))));
    listener.onReportsWritten(options.outDir());
  }

}
