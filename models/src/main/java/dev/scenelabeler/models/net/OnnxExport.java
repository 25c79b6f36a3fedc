package dev.scenelabeler.models.net;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.io.IOException;

/**
 * Writes a trained {@link MobileFusionNet} as an ONNX model (opset {@value OnnxGraph#OPSET}) that
 * computes what {@code MobileFusionNet.forwardInternal} computes, with every batch normalisation
 * folded into the convolution before it (w' = w * s, b' = beta - mean * s, s = gamma / sqrt(var +
 * eps); Ioffe and Szegedy 2015, inference form), and the labeling head appended:
 *
 * <ul>
 *   <li>input {@code image}: uint8 (N, H, W, 3) BGR, any N, H, W;
 *   <li>output {@code labels}: uint8 (N, H, W) class indices, the arg-max of the stride-4 scores
 *       resized bilinearly (half-pixel centres, as PyTorch's align_corners=false) to H x W;
 *   <li>output {@code confidence}: float (N), the mean over stride-4 pixels of the top softmax
 *       probability;
 *   <li>output {@code scores}: float (N, classes, ceil(H/4), ceil(W/4)) logits.
 * </ul>
 *
 * There is no ONNX exporter in DJL; this one walks the project's own network description.
 */
public final class OnnxExport {

  private final OnnxGraph g = new OnnxGraph("scene-labeler");
  private final Int8Encoder int8;
  private int layer;
  private boolean quantized; // from the stem to the decoder's last ConvBn, in the int8 graph

  /**
   * The stem and the first depthwise convolution stay fp32 in the int8 graph: a sensitivity scan
   * (each activation left fp32 in turn) found the stem's output alone behind almost all the
   * disagreement with fp32 (95.6 % of reference pixels agreeing with it quantized, 98.6 % without),
   * as first layers often are. They cost little: 32 channels.
   */
  static final int FP32_LEADING_CONVS = 2;

  private int convBns; // ConvBn units written so far

  private OnnxExport(Int8Encoder int8) {
    this.int8 = int8;
  }

  /** The ONNX model's bytes. */
  public static byte[] export(MobileFusionNet net, String docString) {
    return new OnnxExport(null).write(net, docString);
  }

  /**
   * The fp32 graph with one more output per encoder activation the int8 graph quantizes, named
   * {@code act_0, act_1, ...} in the order {@link ActivationRanges} keeps: what calibration runs.
   */
  public static byte[] exportProbed(MobileFusionNet net) {
    return new OnnxExport(Int8Encoder.probe()).write(net, "calibration probe");
  }

  /**
   * The QDQ int8 graph: every ConvBn of encoder and decoder and the residual additions, with
   * per-channel symmetric int8 weights, int32 biases and per-tensor uint8 activations quantized
   * with {@code ranges}; the decoder, the final upsample, softmax and arg-max stay fp32.
   *
   * @throws IllegalArgumentException when {@code ranges} does not fit the network or holds a range
   *     that is not finite
   */
  public static byte[] exportInt8(MobileFusionNet net, String docString, ActivationRanges ranges) {
    OnnxExport export = new OnnxExport(Int8Encoder.quantize(ranges));
    byte[] bytes = export.write(net, docString);
    export.int8.requireAllUsed();
    return bytes;
  }

  private byte[] write(MobileFusionNet net, String docString) {
    g.input("image", TensorProto.DataType.UINT8, "batch", "height", "width", "3");
    String x =
        g.node(
            "Cast",
            new String[] {"image"},
            OnnxGraph.integer("to", TensorProto.DataType.FLOAT.getNumber()));
    x =
        g.node(
            "MatMul",
            new String[] {x, g.floats("bgr_to_unit_rgb", MobileFusionNet.BGR_TO_UNIT_RGB, 3, 3)});
    x = g.node("Sub", new String[] {x, g.floats("one", new float[] {1f})});
    x = g.node("Transpose", new String[] {x}, OnnxGraph.ints("perm", 0, 3, 1, 2));
    quantized = int8 != null;
    x = convBn(net.stem, x);
    String f4 = null;
    String f8 = null;
    String f16 = null;
    for (int i = 0; i < net.blocks().size(); i++) {
      x = invertedResidual(net.blocks().get(i), x);
      switch (i) {
        case MobileFusionNet.TAP_4 -> f4 = x;
        case MobileFusionNet.TAP_8 -> f8 = x;
        case MobileFusionNet.TAP_16 -> f16 = x;
        default -> {}
      }
    }
    String f32 = x;
    String context = g.node("GlobalAveragePool", new String[] {f32});
    String gate = g.node("Sigmoid", new String[] {conv(net.gate32, context)});
    String p32 = g.node("Mul", new String[] {convBn(net.head32, f32), gate});
    String p16 = g.node("Add", new String[] {convBn(net.head16, f16), resizeLike(p32, f16)});
    p16 = convBn(net.fuse16Pointwise, convBn(net.fuse16Depthwise, p16));
    String p8 = g.node("Add", new String[] {convBn(net.head8, f8), resizeLike(p16, f8)});
    p8 = convBn(net.fuse8Pointwise, convBn(net.fuse8Depthwise, p8));
    if (quantized && int8 != null) {
      int8.addProbeOutputs(g);
    }
    quantized = false;
    String scores =
        g.node(
            "Add",
            new String[] {resizeLike(conv(net.classifier8, p8), f4), conv(net.classifier4, f4)});

    String imageShape = g.node("Shape", new String[] {"image"});
    String frameSize =
        g.node("Slice", new String[] {imageShape, g.longs("hw_start", 1), g.longs("hw_end", 3)});
    String full = resizeTo(scores, frameSize);
    String argMax =
        g.node(
            "ArgMax",
            new String[] {full},
            OnnxGraph.integer("axis", 1),
            OnnxGraph.integer("keepdims", 0));
    String labels =
        g.node(
            "Cast",
            new String[] {argMax},
            OnnxGraph.integer("to", TensorProto.DataType.UINT8.getNumber()));
    String probabilities = g.node("Softmax", new String[] {scores}, OnnxGraph.integer("axis", 1));
    String top =
        g.node(
            "ReduceMax",
            new String[] {probabilities},
            OnnxGraph.ints("axes", 1),
            OnnxGraph.integer("keepdims", 0));
    String confidence =
        g.node(
            "ReduceMean",
            new String[] {top},
            OnnxGraph.ints("axes", 1, 2),
            OnnxGraph.integer("keepdims", 0));

    g.output(labels, "labels", TensorProto.DataType.UINT8, "batch", "height", "width");
    g.output(confidence, "confidence", TensorProto.DataType.FLOAT, "batch");
    g.output(
        scores,
        "scores",
        TensorProto.DataType.FLOAT,
        "batch",
        String.valueOf(net.numClasses()),
        "h4",
        "w4");
    return g.toModelBytes("scene-labeler " + MobileFusionNet.NAME, docString);
  }

  private String invertedResidual(InvertedResidual block, String input) {
    String x = block.expand() == null ? input : convBn(block.expand(), input);
    x = convBn(block.project(), convBn(block.depthwise(), x));
    if (!block.residual()) {
      return x;
    }
    return quantized
        ? g.node("Add", new String[] {int8.activation(g, x), int8.activation(g, input)})
        : g.node("Add", new String[] {x, input});
  }

  /** Bilinear resize of {@code x} to the spatial size of {@code like}. */
  private String resizeLike(String x, String like) {
    String likeShape = g.node("Shape", new String[] {like});
    String size =
        g.node(
            "Slice",
            new String[] {
              likeShape, g.longs("s_start_" + layer, 2), g.longs("s_end_" + layer++, 4)
            });
    return resizeTo(x, size);
  }

  /** Bilinear resize of (N, C, h, w) {@code x} to {@code size} = [H, W] (int64). */
  private String resizeTo(String x, String size) {
    String shape = g.node("Shape", new String[] {x});
    String nc =
        g.node(
            "Slice",
            new String[] {shape, g.longs("nc_start_" + layer, 0), g.longs("nc_end_" + layer++, 2)});
    String sizes = g.node("Concat", new String[] {nc, size}, OnnxGraph.integer("axis", 0));
    return g.node(
        "Resize",
        new String[] {x, "", "", sizes},
        OnnxGraph.string("mode", "linear"),
        OnnxGraph.string("coordinate_transformation_mode", "pytorch_half_pixel"));
  }

  private String convBn(ConvBn unit, String input) {
    float[] w = unit.conv().getParameters().get("weight").getArray().toFloatArray();
    var bn = unit.norm().getParameters();
    float[] gamma = values(bn.get("gamma"));
    float[] beta = values(bn.get("beta"));
    float[] mean = values(bn.get("runningMean"));
    float[] var = values(bn.get("runningVar"));
    int out = unit.filters();
    int perOut = w.length / out;
    float[] bias = new float[out];
    for (int o = 0; o < out; o++) {
      float s = gamma[o] / (float) Math.sqrt(var[o] + unit.epsilon());
      for (int i = 0; i < perOut; i++) {
        w[o * perOut + i] *= s;
      }
      bias[o] = beta[o] - mean[o] * s;
    }
    int k = unit.kernel();
    String name = "conv" + layer++;
    long[] dims = {out, perOut / (k * k), k, k};
    boolean quantize = quantized && convBns++ >= FP32_LEADING_CONVS;
    String[] inputs =
        quantize
            ? int8.conv(g, name, input, w, bias, dims)
            : new String[] {
              input, g.floats(name + "_w", w, dims), g.floats(name + "_b", bias, out)
            };
    String y =
        g.node(
            "Conv",
            inputs,
            OnnxGraph.ints("kernel_shape", k, k),
            OnnxGraph.ints("strides", unit.stride(), unit.stride()),
            OnnxGraph.ints("pads", k / 2, k / 2, k / 2, k / 2),
            OnnxGraph.integer("group", unit.groups()));
    String activated =
        switch (unit.act()) {
          case NONE -> y;
          case RELU -> g.node("Relu", new String[] {y});
          case RELU6 ->
              g.node(
                  "Clip",
                  new String[] {
                    y,
                    g.floats(name + "_min", new float[] {0f}),
                    g.floats(name + "_max", new float[] {6f})
                  });
        };
    // Quantized where it is made, so the runtime fuses DQ-Conv-(Clip)-Q into one integer
    // convolution even where a float operator (a decoder addition) reads the result.
    return quantize ? int8.activation(g, activated) : activated;
  }

  /** A 1x1 convolution with bias, as is. */
  private String conv(Conv2d conv, String input) {
    NDArray weight = conv.getParameters().get("weight").getArray();
    NDArray bias = conv.getParameters().get("bias").getArray();
    long[] dims = weight.getShape().getShape();
    String name = "conv" + layer++;
    return g.node(
        "Conv",
        new String[] {
          input,
          g.floats(name + "_w", weight.toFloatArray(), dims),
          g.floats(name + "_b", bias.toFloatArray(), dims[0])
        },
        OnnxGraph.ints("kernel_shape", dims[2], dims[3]));
  }

  private static float[] values(Parameter p) {
    return p.getArray().toFloatArray();
  }

  /**
   * The class count an exported graph declares on its {@code scores} output (dimension 1).
   *
   * @throws IOException if the bytes are not an ONNX model or it has no such output
   */
  public static int declaredClasses(byte[] model) throws IOException {
    OnnxMl.ModelProto proto;
    try {
      proto = OnnxMl.ModelProto.parseFrom(model);
    } catch (InvalidProtocolBufferException e) {
      throw new IOException(
          "not an ONNX protobuf (" + model.length + " bytes): " + e.getMessage(), e);
    }
    for (OnnxMl.ValueInfoProto output : proto.getGraph().getOutputList()) {
      var dims = output.getType().getTensorType().getShape().getDimList();
      if (output.getName().equals("scores") && dims.size() == 4 && dims.get(1).hasDimValue()) {
        return (int) dims.get(1).getDimValue();
      }
    }
    throw new IOException("the graph has no 'scores' output of shape (N, classes, h, w)");
  }
}
