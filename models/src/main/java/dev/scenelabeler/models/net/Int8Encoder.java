package dev.scenelabeler.models.net;

import ai.onnx.proto.OnnxMl.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link OnnxExport} writes differently for the encoder of the int8 graph, in ONNX's QDQ form
 * (QuantizeLinear and DequantizeLinear around fp32 operators; ONNX Runtime fuses each DQ-Conv-Q
 * group into one integer convolution):
 *
 * <ul>
 *   <li>each activation a convolution or residual addition reads is quantized once, where it is
 *       made: uint8, per tensor, with the calibrated range ({@link ActivationRanges});
 *   <li>weights: int8, symmetric, one scale per output channel (max |w| / 127);
 *   <li>biases: int32 with scale input scale x weight scale, as integer convolution needs.
 * </ul>
 *
 * In probe mode it writes the fp32 graph and makes each such activation a graph output instead.
 */
final class Int8Encoder {

  private final ActivationRanges ranges; // null: probe mode
  private final Map<String, String> dequantized = new HashMap<>();
  private final Map<String, Float> scales = new HashMap<>();
  private final List<String> probes = new ArrayList<>();
  private int next;

  private Int8Encoder(ActivationRanges ranges) {
    this.ranges = ranges;
  }

  static Int8Encoder probe() {
    return new Int8Encoder(null);
  }

  static Int8Encoder quantize(ActivationRanges ranges) {
    return new Int8Encoder(ranges);
  }

  /** {@code tensor} as the quantized graph reads it: through Q and DQ, made once per tensor. */
  String activation(OnnxGraph g, String tensor) {
    String known = dequantized.get(tensor);
    if (known != null) {
      return known;
    }
    int index = next++;
    String result;
    if (ranges == null) {
      probes.add(tensor);
      result = tensor;
    } else {
      if (index >= ranges.size()) {
        throw new IllegalArgumentException(
            "the network quantizes more activations than the " + ranges.size() + " calibrated");
      }
      float scale = ranges.scale(index);
      String s = g.floats("act_" + index + "_scale", new float[] {scale});
      String z =
          g.initializer(
              "act_" + index + "_zero",
              TensorProto.DataType.UINT8,
              ByteBuffer.wrap(new byte[] {(byte) ranges.zeroPoint(index)}));
      String q = g.node("QuantizeLinear", new String[] {tensor, s, z});
      result = g.node("DequantizeLinear", new String[] {q, s, z});
      scales.put(result, scale);
      dequantized.put(result, result); // already quantized: a consumer reads it as it is
    }
    dequantized.put(tensor, result);
    return result;
  }

  /** The inputs of a quantized convolution: activation, int8 weights, int32 bias, each via DQ. */
  String[] conv(OnnxGraph g, String name, String input, float[] w, float[] bias, long[] dims) {
    String x = activation(g, input);
    if (ranges == null) {
      return new String[] {x, g.floats(name + "_w", w, dims), g.floats(name + "_b", bias, dims[0])};
    }
    int out = (int) dims[0];
    int perOut = w.length / out;
    float[] wScale = new float[out];
    byte[] wq = new byte[w.length];
    for (int o = 0; o < out; o++) {
      float absMax = 0;
      for (int i = 0; i < perOut; i++) {
        absMax = Math.max(absMax, Math.abs(w[o * perOut + i]));
      }
      wScale[o] = absMax > 0 ? absMax / 127f : 1f;
      for (int i = 0; i < perOut; i++) {
        wq[o * perOut + i] =
            (byte) Math.max(-127, Math.min(127, Math.round(w[o * perOut + i] / wScale[o])));
      }
    }
    float xScale = scales.get(x);
    float[] bScale = new float[out];
    ByteBuffer bq = ByteBuffer.allocate(out * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (int o = 0; o < out; o++) {
      bScale[o] = xScale * wScale[o];
      bq.putInt(
          (int)
              Math.max(
                  Integer.MIN_VALUE + 1,
                  Math.min(Integer.MAX_VALUE, Math.round((double) bias[o] / bScale[o]))));
    }
    String ws = g.floats(name + "_w_scale", wScale, out);
    String wz =
        g.initializer(
            name + "_w_zero", TensorProto.DataType.INT8, ByteBuffer.wrap(new byte[out]), out);
    String weights =
        g.node(
            "DequantizeLinear",
            new String[] {
              g.initializer(name + "_w_q", TensorProto.DataType.INT8, ByteBuffer.wrap(wq), dims),
              ws,
              wz
            },
            OnnxGraph.integer("axis", 0));
    String bs = g.floats(name + "_b_scale", bScale, out);
    String bz =
        g.initializer(
            name + "_b_zero", TensorProto.DataType.INT32, ByteBuffer.allocate(out * 4), out);
    String b =
        g.node(
            "DequantizeLinear",
            new String[] {
              g.initializer(name + "_b_q", TensorProto.DataType.INT32, bq, out), bs, bz
            },
            OnnxGraph.integer("axis", 0));
    return new String[] {x, weights, b};
  }

  /** In probe mode, each activation becomes the graph output {@code act_i}. */
  void addProbeOutputs(OnnxGraph g) {
    for (int i = 0; i < probes.size(); i++) {
      g.output(probes.get(i), "act_" + i, TensorProto.DataType.FLOAT, "n", "c", "h", "w");
    }
  }

  /**
   * @throws IllegalArgumentException when fewer activations were quantized than calibrated (the
   *     ranges belong to another network)
   */
  void requireAllUsed() {
    if (ranges != null && next != ranges.size()) {
      throw new IllegalArgumentException(
          "the network quantizes " + next + " activations, the ranges hold " + ranges.size());
    }
  }
}
