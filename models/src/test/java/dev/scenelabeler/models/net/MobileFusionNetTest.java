package dev.scenelabeler.models.net;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.pretrained.PretrainedEncoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MobileFusionNetTest {

  private static MobileFusionNet initialized(NDManager manager, int height, int width) {
    MobileFusionNet net = new MobileFusionNet(LabelSet.SCENE6.size());
    net.initialize(manager, DataType.FLOAT32, new Shape(1, height, width, 3));
    return net;
  }

  @ParameterizedTest(name = "{1}x{0}")
  @CsvSource({"360, 480, 90, 120", "361, 479, 91, 120", "1, 1, 1, 1", "64, 32, 16, 8"})
  void shouldPredictScoresAtStrideFourForAnyFrameSize(
      int height, int width, int outHeight, int outWidth) {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileFusionNet net = initialized(manager, height, width);
      NDList out =
          net.forward(
              new ParameterStore(manager, false),
              new NDList(manager.zeros(new Shape(2, height, width, 3), DataType.UINT8)),
              false);
      assertThat(out.singletonOrThrow().getShape())
          .isEqualTo(new Shape(2, LabelSet.SCENE6.size(), outHeight, outWidth));
      assertThat(net.getOutputShapes(new Shape[] {new Shape(2, height, width, 3)})[0])
          .isEqualTo(new Shape(2, LabelSet.SCENE6.size(), outHeight, outWidth));
    }
  }

  @Test
  void shouldHaveAsManyEncoderParametersAsKerasMobileNetV2WithoutItsTop() {
    // Keras' MobileNetV2 (alpha 1.0) has 3,504,872 trainable parameters; less Conv_1 (320 x 1280
    // + BN gamma/beta 2 x 1280) and the 1000-way classifier (1280 x 1000 + 1000): 1,811,712.
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileFusionNet net = initialized(manager, 64, 64);
      long encoder =
          net.getParameters().stream()
              .filter(
                  p ->
                      PretrainedEncoder.isEncoderParameter(p.getKey())
                          && p.getValue().requiresGradient())
              .mapToLong(p -> p.getValue().getArray().size())
              .sum();
      assertThat(encoder).isEqualTo(1_811_712L);
      assertThat(net.encoderUnitsByKerasName())
          .hasSize(51)
          .containsKeys("Conv1", "expanded_conv_project", "block_16_project");
    }
  }

  @Test
  void shouldCountAboutOneGmacAtNativeCamVidSize() {
    MobileFusionNet net = new MobileFusionNet(LabelSet.SCENE6.size());
    // MobileNetV2 is 300 M MACs at 224x224 with Conv_1 (7*7*320*1280 = 20.1 M) and the classifier
    // (1.3 M); the encoder alone scales with pixels: ~279 M * 172800 / 50176 = 0.96 G at 480x360.
    long encoderAt224 = net.macsPerFrame(224, 224);
    assertThat(encoderAt224).isBetween(275_000_000L, 300_000_000L);
    assertThat(net.macsPerFrame(360, 480) / 1e9).isBetween(0.95, 1.1);
  }
}
