package dev.scenelabeler.models.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.SceneModel;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MultiScaleNetTest {

  private static MultiScaleNet initialized(
      NDManager manager, NetworkConfig config, int height, int width) {
    MultiScaleNet net = new MultiScaleNet(config, LabelSet.SCENE6.size());
    net.initialize(manager, DataType.FLOAT32, new Shape(1, height, width, 3));
    return net;
  }

  /**
   * Initialized at one size, fed a batch of another: frames of the initialized size, and odd sizes
   * that the network pads to the multiple its pyramid divides.
   */
  @ParameterizedTest(name = "initialized {1}x{2}, fed {0} frame(s) of {3}x{4}")
  @CsvSource({"2, 64, 96, 64, 96", "1, 32, 32, 30, 37"})
  void shouldGiveOneScorePerClassAndPixelOfTheInputWhateverItsSize(
      int batch, int initHeight, int initWidth, int height, int width) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MultiScaleNet net = initialized(manager, NetworkConfig.FARABET2013, initHeight, initWidth);
      NDArray frames = manager.zeros(new Shape(batch, height, width, 3), DataType.UINT8);
      NDArray scores =
          net.forward(new ParameterStore(manager, false), new NDList(frames), false)
              .singletonOrThrow();
      assertThat(scores.getShape())
          .isEqualTo(new Shape(batch, LabelSet.SCENE6.size(), height, width));
    }
  }

  @Test
  void shouldCountTheSharedTrunkWeightsOnceAcrossTheThreeScales() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MultiScaleNet net = initialized(manager, NetworkConfig.FARABET2013, 32, 32);
      long trunk = (3 * 16 * 49 + 16) + (16 * 64 * 49 + 64) + (64 * 256 * 49 + 256);
      long classifier = 768 * 6 + 6;
      assertThat(SceneModel.parameterCount(net)).isEqualTo(trunk + classifier);
      assertThat(net.getChildren().size()).as("one trunk block, one classifier").isEqualTo(2);
    }
  }

  @Test
  void shouldHoldOneFirstLayerWeightForAllThreeScales() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MultiScaleNet net = initialized(manager, NetworkConfig.MULTISCALE_BN, 32, 32);
      long firstLayerWeights =
          net.getParameters().values().stream()
              .filter(p -> p.getArray().getShape().equals(new Shape(16, 3, 7, 7)))
              .count();
      assertThat(firstLayerWeights).isEqualTo(1);
    }
  }

  @Test
  void shouldRemoveLocalMeanAndContrastAwayFromTheBorder() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      NDArray noise = manager.randomNormal(3f, 2f, new Shape(1, 1, 96, 96), DataType.FLOAT32);
      NDArray stronger = noise.mul(5f);
      // The border (half a window) sees zero padding; the interior is the window's full statistics.
      NDIndex interior = new NDIndex(":, :, 7:89, 7:89");
      NDArray a = Preprocessing.localContrastNormalize(noise, 15).get(interior);
      NDArray b = Preprocessing.localContrastNormalize(stronger, 15).get(interior);
      assertThat(a.mean().getFloat()).isCloseTo(0f, Offset.offset(0.05f));
      // Deviation lands near 1 (the divisor is max(local std, mean std), so slightly under).
      assertThat(a.square().mean().sqrt().getFloat()).isBetween(0.7f, 1.05f);
      // Invariant to contrast: the same image with five times the contrast normalises alike.
      assertThat(a.sub(b).abs().max().getFloat()).isLessThan(1e-2f);
    }
  }

  @Test
  void shouldConvertPureBgrColoursToTheirYuvLuma() {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      // One pixel each of pure blue, green, red (BGR order), Y = 0.114, 0.587, 0.299.
      NDArray pixels =
          manager
              .create(
                  new byte[] {(byte) 255, 0, 0, 0, (byte) 255, 0, 0, 0, (byte) 255},
                  new Shape(1, 1, 3, 3))
              .toType(DataType.UINT8, false);
      float[] y = Preprocessing.bgrToYuv(pixels).get(0, 0).toFloatArray();
      assertThat(y).containsExactly(new float[] {0.114f, 0.587f, 0.299f}, Offset.offset(1e-4f));
    }
  }

  @Test
  void shouldCountMultiplyAccumulatesOfThePaperNetwork() {
    long macs = MultiScaleNet.macsPerFrame(NetworkConfig.FARABET2013, 6, 240, 320);
    // full scale: 76800*16*147 + 19200*64*784 + 4800*256*3136; half and quarter scales add 1/4 and
    // 1/16
    long full = 76800L * 16 * 147 + 19200L * 64 * 784 + 4800L * 256 * 3136;
    long expected = full + full / 4 + full / 16 + 4800L * 768 * 6;
    assertThat(macs).isEqualTo(expected);
  }

  @Test
  void shouldRefuseUnknownNetworkNamesListingTheKnownOnes() {
    assertThatThrownBy(() -> NetworkConfig.named("resnet"))
        .hasMessageContaining("unknown network 'resnet'")
        .hasMessageContaining("farabet2013");
    assertThat(NetworkConfig.named("FARABET2013")).isEqualTo(NetworkConfig.FARABET2013);
  }

  @Test
  void shouldBuildWithTheDjlModelApi() {
    try (Model model = Model.newInstance("t", Device.cpu(), "PyTorch")) {
      model.setBlock(new MultiScaleNet(NetworkConfig.MULTISCALE_BN, 6));
      model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 48, 64, 3));
      assertThat(model.getBlock().isInitialized()).isTrue();
    }
  }
}
