package dev.scenelabeler.models.pretrained;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.scenelabeler.models.net.ConvBn;
import dev.scenelabeler.models.net.MobileFusionNet;
import java.util.Map;

/**
 * Copies a Keras MobileNetV2's weights (as TF.js stores them) into the encoder of a {@link
 * MobileFusionNet}, layer by layer under the Keras names (Conv1, expanded_conv_depthwise,
 * block_1_expand, ..., block_16_project and their batch normalisations). Layouts: Keras kernels are
 * [kh, kw, in, out] and depthwise kernels [kh, kw, channels, 1]; DJL's are (out, in, kh, kw) and
 * (channels, 1, kh, kw).
 *
 * <p>One difference stays: Keras pads a stride-2 convolution only at the bottom and right, DJL
 * (like PyTorch) on every side, so stride-2 layers sample one pixel up and left of where Keras
 * does. Fine-tuning absorbs it; {@code KerasMobileNetV2ImportTest} checks a stride-1 layer exactly.
 */
public final class KerasMobileNetV2Import {

  private KerasMobileNetV2Import() {}

  /**
   * @return the number of parameter arrays copied
   * @throws IllegalArgumentException when a layer is missing or a shape differs
   */
  public static int copyInto(MobileFusionNet net, TfjsWeights weights) {
    int copied = 0;
    for (Map.Entry<String, ConvBn> unit : net.encoderUnitsByKerasName().entrySet()) {
      String name = unit.getKey();
      ConvBn layer = unit.getValue();
      boolean depthwise = layer.groups() > 1;
      TfjsWeights.Tensor kernel = weights.get(name + (depthwise ? "/depthwise_kernel" : "/kernel"));
      set(
          layer.conv().getParameters().get("weight"),
          depthwise ? depthwiseToOihw(kernel) : kernelToOihw(kernel),
          name);
      String bn = MobileFusionNet.kerasNormName(name);
      set(layer.norm().getParameters().get("gamma"), weights.get(bn + "/gamma").values(), bn);
      set(layer.norm().getParameters().get("beta"), weights.get(bn + "/beta").values(), bn);
      set(
          layer.norm().getParameters().get("runningMean"),
          weights.get(bn + "/moving_mean").values(),
          bn);
      set(
          layer.norm().getParameters().get("runningVar"),
          weights.get(bn + "/moving_variance").values(),
          bn);
      copied += 5;
    }
    return copied;
  }

  private static void set(Parameter parameter, float[] values, String layer) {
    NDArray array = parameter.getArray();
    if (array.size() != values.length) {
      throw new IllegalArgumentException(
          "layer "
              + layer
              + ": "
              + parameter.getName()
              + " has "
              + array.size()
              + " values ("
              + array.getShape()
              + "), the Keras weight "
              + values.length);
    }
    array.set(values);
  }

  /** [kh, kw, in, out] to (out, in, kh, kw). */
  static float[] kernelToOihw(TfjsWeights.Tensor t) {
    int kh = t.shape()[0];
    int kw = t.shape()[1];
    int in = t.shape()[2];
    int out = t.shape()[3];
    float[] src = t.values();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int i = 0; i < in; i++) {
          for (int o = 0; o < out; o++) {
            dst[((o * in + i) * kh + y) * kw + x] = src[((y * kw + x) * in + i) * out + o];
          }
        }
      }
    }
    return dst;
  }

  /** [kh, kw, channels, 1] to (channels, 1, kh, kw). */
  static float[] depthwiseToOihw(TfjsWeights.Tensor t) {
    int kh = t.shape()[0];
    int kw = t.shape()[1];
    int channels = t.shape()[2];
    if (t.shape()[3] != 1) {
      throw new IllegalArgumentException(
          t.name() + ": depth multiplier " + t.shape()[3] + ", MobileNetV2 has 1");
    }
    float[] src = t.values();
    float[] dst = new float[src.length];
    for (int y = 0; y < kh; y++) {
      for (int x = 0; x < kw; x++) {
        for (int c = 0; c < channels; c++) {
          dst[(c * kh + y) * kw + x] = src[(y * kw + x) * channels + c];
        }
      }
    }
    return dst;
  }
}
