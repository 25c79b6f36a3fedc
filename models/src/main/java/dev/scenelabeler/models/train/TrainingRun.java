package dev.scenelabeler.models.train;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.initializer.XavierInitializer;
import ai.djl.training.optimizer.Adam;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.ModelDescriptor;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidClasses;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import dev.scenelabeler.models.net.NetworkConfig;
import dev.scenelabeler.models.net.Networks;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Trains a network on a CamVid-layout folder: masked, class-weighted per-pixel softmax loss, the
 * chosen augmentation, Adam with warm-up and cosine decay, a checkpoint every epoch (resumable),
 * and at the end the model directory, a metrics JSON and a PNG of the curves. Shaped like DJL's
 * examples: {@link #run} sets up, then each epoch is trained and validated by an {@link
 * EpochTrainer} and saved by {@link TrainingCheckpoints}; what is reported goes to a {@link
 * TrainingListener}.
 */
public final class TrainingRun {

  /**
   * The rider's ENet weight is multiplied by this: riders are 0.3% of train pixels but 3.4% of
   * val's, and the pixels a pedestrian is most often mistaken for.
   */
  static final float RIDER_WEIGHT_FACTOR = 2f;

  private final TrainingOptions options;
  private final TrainingListener listener;
  private final String network;
  private final LabelSet labels = CamVidClasses.LABEL_SET;
  private final TrainingCheckpoints checkpoints;
  private final EpochTrainer epochTrainer;
  private final TrainingReports reports;

  public TrainingRun(TrainingOptions options, PrintStream out) {
    this(options, new ConsoleTrainingListener(out));
  }

  public TrainingRun(TrainingOptions options, TrainingListener listener) {
    this.options = options;
    this.listener = listener;
    this.network = Networks.canonical(options.network());
    this.checkpoints = new TrainingCheckpoints(options, listener);
    this.epochTrainer = new EpochTrainer(options, listener, labels);
    this.reports = new TrainingReports(options, listener, labels);
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
    CamVidSplit train =
        trainSplits.size() == 1 ? trainSplits.get(0) : CamVidSplit.concat(trainSplits);
    CamVidSplit val = CamVidSplit.read(options.dataDir(), "val", Math.max(1, options.valStride()));
    // Weights per training label value: the label set's classes and the rider, a kind of "other".
    double[] frequencies = train.labelFrequencies(CamVidClasses.TRAINING_LABELS);
    float[] weights = MaskedSoftmaxLoss.enetWeights(frequencies, options.enetC());
    weights[CamVidClasses.RIDER] *= RIDER_WEIGHT_FACTOR;
    listener.onStart(
        options, network, trainingLabelNames(), train.size(), val.size(), frequencies, weights);

    TrainingCheckpoints.Checkpoint checkpoint = checkpoints.read();
    int batchesPerEpoch = train.size() / options.batchSize();
    int totalSteps = batchesPerEpoch * options.epochs();
    if (options.maxBatches() > 0) {
      totalSteps = Math.min(totalSteps, options.maxBatches());
    }
    AbstractBlock net = Networks.create(network, labels.size());
    try (Model model = Model.newInstance("scene-labeler", options.device().resolve(), "PyTorch")) {
      model.setBlock(net);
      CosineSchedule schedule =
          new CosineSchedule(
              options.learningRate(),
              Math.min(100, totalSteps / 10 + 1),
              totalSteps,
              checkpoint.batchesTrained());
      try (Trainer trainer = model.newTrainer(trainingConfig(model, weights, schedule))) {
        Engine.getEngine("PyTorch").setRandomSeed((int) options.seed());
        trainer.initialize(
            new Shape(options.batchSize(), options.cropHeight(), options.cropWidth(), 3));
        new StartingWeights(options, listener, network, labels.size())
            .loadInto(net, checkpoint, checkpoints.dir());
        long parameterCount = SceneModel.parameterCount(net);
        listener.onNetwork(
            parameterCount,
            Networks.macsPerFrame(net, labels.size(), options.inputHeight(), options.inputWidth()));

        Augmentation augmentation =
            new Augmentation(
                    options.augmentation(),
                    options.inputWidth(),
                    options.inputHeight(),
                    options.cropWidth(),
                    options.cropHeight())
                .withPhotometric(new Photometric(options.photometric()));
        List<TrainingResult.EpochMetrics> history = new ArrayList<>(checkpoint.history());
        int batches = checkpoint.batchesTrained();
        int epoch = checkpoint.epochsCompleted();
        while (epoch < options.epochs()
            && (options.maxBatches() <= 0 || batches < options.maxBatches())) {
          epoch++;
          long epochStart = System.nanoTime();
          int epochBatches =
              options.maxBatches() > 0
                  ? Math.min(batchesPerEpoch, options.maxBatches() - batches)
                  : batchesPerEpoch;
          EpochTrainer.EpochTotals totals =
              epochTrainer.train(
                  trainer, train, augmentation, epoch, epochBatches, batches, schedule);
          batches += totals.batches();
          ConfusionMatrix valMatrix = epochTrainer.validate(trainer, val);
          TrainingResult.EpochMetrics metrics =
              epochTrainer.metrics(
                  epoch,
                  totals,
                  valMatrix,
                  (System.nanoTime() - epochStart) / 1e9,
                  schedule.rateAt(batches));
          history.add(metrics);
          listener.onEpoch(metrics);
          saveEpoch(net, parameterCount, epoch, batches, history);
        }
        reports.write(history);
        return new TrainingResult(
            options.outDir().resolve("model"), epoch, batches, parameterCount, history);
      }
    }
  }

  private DefaultTrainingConfig trainingConfig(
      Model model, float[] weights, CosineSchedule schedule) {
    return new DefaultTrainingConfig(
            new MaskedSoftmaxLoss(weights, CamVidClasses.trainingLabelClasses()))
        .optOptimizer(
            Adam.builder()
                .optLearningRateTracker(schedule)
                .optWeightDecays(options.weightDecay())
                .build())
        .optInitializer(initializerFor(network), Parameter.Type.WEIGHT)
        .optDevices(new Device[] {model.getNDManager().getDevice()});
  }

  /**
   * The checkpoint, OUT/model and, when best so far, OUT/best, each described with this run's
   * summary.
   */
  private void saveEpoch(
      AbstractBlock net,
      long parameterCount,
      int epoch,
      int batches,
      List<TrainingResult.EpochMetrics> history)
      throws IOException {
    ModelDescriptor descriptor =
        ModelDescriptor.describe(
            options.modelId(),
            options.modelVersion(),
            network,
            labels,
            options.inputWidth(),
            options.inputHeight(),
            parameterCount,
            reports.summary(epoch, batches, history));
    checkpoints.save(net, descriptor, epoch, batches, history);
  }

  /** Names of the training label values, for the report of their shares and weights. */
  private List<String> trainingLabelNames() {
    List<String> names = new ArrayList<>(labels.names());
    names.add("other: bicyclist");
    return names;
  }

  /** He initialisation for ReLU networks, Glorot for the paper's tanh. */
  private static XavierInitializer initializerFor(String network) {
    return Networks.isSecondGeneration(network)
            || NetworkConfig.named(network).activation() == NetworkConfig.Activation.RELU
        ? new XavierInitializer(
            XavierInitializer.RandomType.GAUSSIAN, XavierInitializer.FactorType.IN, 2)
        : new XavierInitializer();
  }
}
