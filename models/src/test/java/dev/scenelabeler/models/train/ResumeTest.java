package dev.scenelabeler.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.net.MultiScaleNet;
import dev.scenelabeler.models.net.NetworkConfig;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResumeTest {

  @Test
  void shouldLoadACheckpointIntoTheArraysTheTrainerAlreadyHolds() throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NetworkConfig config = NetworkConfig.MULTISCALE_BN;
      MultiScaleNet saved = new MultiScaleNet(config, LabelSet.SCENE6.size());
      saved.initialize(manager, DataType.FLOAT32, new Shape(1, 32, 32, 3));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      saved.saveParameters(new DataOutputStream(bytes));

      MultiScaleNet training = new MultiScaleNet(config, LabelSet.SCENE6.size());
      training.initialize(manager, DataType.FLOAT32, new Shape(1, 32, 32, 3));
      Map<String, NDArray> heldByTrainer = new HashMap<>();
      training.getParameters().forEach(p -> heldByTrainer.put(p.getKey(), p.getValue().getArray()));

      StartingWeights.loadInPlace(
          training,
          config.name(),
          6,
          new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

      for (var p : training.getParameters()) {
        assertThat(p.getValue().getArray())
            .as("same array object for %s", p.getKey())
            .isSameAs(heldByTrainer.get(p.getKey()));
        NDArray expected = saved.getParameters().get(p.getKey()).getArray();
        float difference = p.getValue().getArray().sub(expected).abs().max().getFloat();
        assertThat(difference).as("largest difference in %s", p.getKey()).isZero();
      }
    }
  }
}
