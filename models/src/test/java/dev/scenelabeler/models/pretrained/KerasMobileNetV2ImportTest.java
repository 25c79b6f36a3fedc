package dev.scenelabeler.models.pretrained;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.net.ConvBn;
import dev.scenelabeler.models.net.MobileFusionNet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A TF.js layers model written by the test in Keras' layouts (some weights uint8-quantized, some
 * float32), imported into the encoder; the imported layer's output is checked against a direct
 * computation from the Keras tensors.
 */
class KerasMobileNetV2ImportTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Writes model.json + one shard with every encoder weight; returns the Keras-layout values by
   * name.
   */
  private static Map<String, float[]> writeTfjsModel(
      Path dir, MobileFusionNet net, boolean quantizeKernels) throws IOException {
    Random random = new Random(3);
    ObjectNode root = JSON.createObjectNode();
    ArrayNode weights = root.putArray("weightsManifest").addObject().putArray("weights");
    ((ObjectNode) root.get("weightsManifest").get(0)).putArray("paths").add("group1-shard1of1.bin");
    ByteArrayOutputStream shard = new ByteArrayOutputStream();
    Map<String, float[]> values = new HashMap<>();
    for (var unit : net.encoderUnitsByKerasName().entrySet()) {
      ConvBn layer = unit.getValue();
      Shape oihw = layer.conv().getParameters().get("weight").getArray().getShape();
      boolean depthwise = layer.groups() > 1;
      int[] kerasShape =
          depthwise
              ? new int[] {(int) oihw.get(2), (int) oihw.get(3), (int) oihw.get(0), 1}
              : new int[] {
                (int) oihw.get(2), (int) oihw.get(3), (int) oihw.get(1), (int) oihw.get(0)
              };
      String kernel = unit.getKey() + (depthwise ? "/depthwise_kernel" : "/kernel");
      add(weights, shard, values, kernel, kerasShape, random, -0.5f, 0.5f, quantizeKernels);
      String bn = MobileFusionNet.kerasNormName(unit.getKey());
      int channels = (int) oihw.get(0);
      add(weights, shard, values, bn + "/gamma", new int[] {channels}, random, 0.5f, 1.5f, false);
      add(weights, shard, values, bn + "/beta", new int[] {channels}, random, -0.2f, 0.2f, false);
      add(
          weights,
          shard,
          values,
          bn + "/moving_mean",
          new int[] {channels},
          random,
          -0.2f,
          0.2f,
          false);
      add(
          weights,
          shard,
          values,
          bn + "/moving_variance",
          new int[] {channels},
          random,
          0.5f,
          2f,
          false);
    }
    Files.write(dir.resolve("group1-shard1of1.bin"), shard.toByteArray());
    JSON.writeValue(dir.resolve("model.json").toFile(), root);
    return values;
  }

  private static void add(
      ArrayNode manifest,
      ByteArrayOutputStream shard,
      Map<String, float[]> values,
      String name,
      int[] shape,
      Random random,
      float low,
      float high,
      boolean quantize) {
    int n = 1;
    ObjectNode w = manifest.addObject().put("name", name).put("dtype", "float32");
    ArrayNode dims = w.putArray("shape");
    for (int d : shape) {
      dims.add(d);
      n *= d;
    }
    float[] v = new float[n];
    if (quantize) { // uint8: value = min + q * scale
      float scale = (high - low) / 255;
      w.putObject("quantization").put("dtype", "uint8").put("min", low).put("scale", scale);
      for (int i = 0; i < n; i++) {
        int q = random.nextInt(256);
        shard.write(q);
        v[i] = low + q * scale;
      }
    } else {
      ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < n; i++) {
        v[i] = low + (high - low) * random.nextFloat();
        b.putFloat(v[i]);
      }
      shard.write(b.array(), 0, b.capacity());
    }
    values.put(name, v);
  }

  private static MobileFusionNet initialized(NDManager manager) {
    MobileFusionNet net = new MobileFusionNet(LabelSet.SCENE6.size());
    net.initialize(manager, DataType.FLOAT32, new Shape(1, 64, 64, 3));
    return net;
  }

  @Test
  void shouldImportEveryEncoderLayerAndComputeWhatKerasWould(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileFusionNet net = initialized(manager);
      Map<String, float[]> keras = writeTfjsModel(dir, net, true);

      int copied = KerasMobileNetV2Import.copyInto(net, TfjsWeights.read(dir));
      assertThat(copied).isEqualTo(51 * 5);

      // A 1x1 convolution: DJL weight (o, i) is Keras kernel [0, 0, i, o].
      float[] expand =
          net.encoderUnitsByKerasName()
              .get("block_1_expand")
              .conv()
              .getParameters()
              .get("weight")
              .getArray()
              .toFloatArray();
      float[] kerasExpand = keras.get("block_1_expand/kernel"); // [1, 1, 16, 96]
      assertThat(expand[5 * 16 + 3]).isEqualTo(kerasExpand[3 * 96 + 5]);

      // The stride-1 depthwise layer on a fixed input, against the formula on the Keras tensors:
      // y = relu6(gamma * (dwconv(x) - mean) / sqrt(var + 1e-3) + beta), zero padding 1.
      ConvBn depthwise = net.encoderUnitsByKerasName().get("expanded_conv_depthwise");
      int c = 32;
      int h = 5;
      int w = 6;
      float[] x = new float[c * h * w];
      Random random = new Random(11);
      for (int i = 0; i < x.length; i++) {
        x[i] = random.nextFloat() * 4 - 2;
      }
      NDArray input = manager.create(x, new Shape(1, c, h, w));
      float[] actual =
          depthwise
              .forward(new ParameterStore(manager, false), new NDList(input), false)
              .singletonOrThrow()
              .toFloatArray();
      float[] kernel = keras.get("expanded_conv_depthwise/depthwise_kernel"); // [3, 3, 32, 1]
      String bn = "expanded_conv_depthwise_BN";
      for (int ch = 0; ch < c; ch++) {
        for (int yy = 0; yy < h; yy++) {
          for (int xx = 0; xx < w; xx++) {
            double sum = 0;
            for (int ky = 0; ky < 3; ky++) {
              for (int kx = 0; kx < 3; kx++) {
                int sy = yy + ky - 1;
                int sx = xx + kx - 1;
                if (sy >= 0 && sy < h && sx >= 0 && sx < w) {
                  sum += x[(ch * h + sy) * w + sx] * kernel[(ky * 3 + kx) * c + ch];
                }
              }
            }
            double normed =
                keras.get(bn + "/gamma")[ch]
                        * (sum - keras.get(bn + "/moving_mean")[ch])
                        / Math.sqrt(keras.get(bn + "/moving_variance")[ch] + 1e-3)
                    + keras.get(bn + "/beta")[ch];
            double expected = Math.min(6, Math.max(0, normed));
            assertThat((double) actual[(ch * h + yy) * w + xx])
                .as("channel %d at (%d, %d)", ch, xx, yy)
                .isCloseTo(expected, Offset.offset(1e-4));
          }
        }
      }
    }
  }

  @Test
  void shouldNameAMissingLayer(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      MobileFusionNet net = initialized(manager);
      writeTfjsModel(dir, net, false);
      Path json = dir.resolve("model.json");
      Files.writeString(
          json,
          Files.readString(json).replace("block_7_project/kernel", "block_7_projection/kernel"));
      assertThatThrownBy(() -> KerasMobileNetV2Import.copyInto(net, TfjsWeights.read(dir)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("block_7_project/kernel");
    }
  }

  @Test
  void shouldSayWhereTheShardsEndTooEarly(@TempDir Path dir) throws Exception {
    try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
      writeTfjsModel(dir, initialized(manager), true);
      Path shard = dir.resolve("group1-shard1of1.bin");
      byte[] bytes = Files.readAllBytes(shard);
      Files.write(shard, Arrays.copyOf(bytes, bytes.length - 100));
      assertThatThrownBy(() -> TfjsWeights.read(dir))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("the shards end inside weight")
          .hasMessageContaining("block_16_project_BN/moving_variance");
    }
  }

  @Test
  void shouldReadHalfFloats() {
    assertThat(TfjsWeights.halfToFloat((short) 0x3C00)).isEqualTo(1.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0xC000)).isEqualTo(-2.0f);
    assertThat(TfjsWeights.halfToFloat((short) 0x3555))
        .isCloseTo(0.333251953f, Offset.offset(1e-9f));
    assertThat(TfjsWeights.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
  }
}
