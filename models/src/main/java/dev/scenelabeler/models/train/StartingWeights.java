package dev.scenelabeler.models.train;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import dev.scenelabeler.models.ModelDescriptor;
import dev.scenelabeler.models.net.Networks;
import dev.scenelabeler.models.pretrained.PretrainedEncoder;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The weights a {@link TrainingRun} starts from: a checkpoint's, {@code --init}'s, a pretrained
 * encoder's.
 */
record StartingWeights(
    TrainingOptions options, TrainingListener listener, String network, int classes) {

  /**
   * The checkpoint's weights on resume, else the pretrained encoder if one is given, else the
   * initialiser's.
   */
  void loadInto(AbstractBlock net, TrainingCheckpoints.Checkpoint checkpoint, Path checkpointDir)
      throws IOException {
    if (checkpoint.epochsCompleted() > 0) {
      try (InputStream in =
          Files.newInputStream(checkpointDir.resolve(ModelDescriptor.WEIGHTS_FILE))) {
        loadInPlace(net, network, classes, new DataInputStream(in));
      } catch (MalformedModelException e) {
        throw new IOException(
            "checkpoint in " + checkpointDir + " is unreadable: " + e.getMessage(), e);
      }
      listener.onResume(checkpointDir, checkpoint.epochsCompleted(), checkpoint.batchesTrained());
    } else if (options.init() != null) {
      try (InputStream in =
          Files.newInputStream(options.init().resolve(ModelDescriptor.WEIGHTS_FILE))) {
        loadInPlace(net, network, classes, new DataInputStream(in));
      } catch (MalformedModelException e) {
        throw new IOException(
            "--init " + options.init() + " does not fit network " + network + ": " + e.getMessage(),
            e);
      }
      listener.onInit(
          options.init().resolve(ModelDescriptor.WEIGHTS_FILE), net.getParameters().size());
    } else if (options.pretrained() != null) {
      int copied = PretrainedEncoder.loadInto(net, network, options.pretrained());
      listener.onPretrained(options.pretrained(), copied);
    }
  }

  /**
   * Copies saved weights INTO the arrays the trainer already holds. Block#loadParameters would give
   * each parameter a new array, while the trainer's parameter store keeps updating the old ones:
   * training would go on from the fresh initialisation and every later save would write the
   * checkpoint's weights again (this happened once; the lost run is described in MODEL.md).
   */
  static void loadInPlace(AbstractBlock net, String network, int classes, DataInputStream in)
      throws IOException, MalformedModelException {
    AbstractBlock saved = Networks.create(network, classes);
    try (NDManager manager =
        NDManager.newBaseManager(net.getParameters().get(0).getValue().getArray().getDevice())) {
      saved.loadParameters(manager, in);
      var savedParameters = saved.getParameters();
      for (var entry : net.getParameters()) {
        NDArray target = entry.getValue().getArray();
        NDArray source = savedParameters.get(entry.getKey()).getArray();
        if (!source.getShape().equals(target.getShape())) {
          throw new MalformedModelException(
              "checkpoint parameter "
                  + entry.getKey()
                  + " has shape "
                  + source.getShape()
                  + ", the network "
                  + target.getShape());
        }
        source.copyTo(target);
      }
    }
  }
}
