package dev.scenelabeler.models.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneModel;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The int8 graph's shape: what is quantized, what stays fp32, and ranges that must fit. */
class Int8ExportTest {

  private static SceneModel model;
  private static int activations;

  @BeforeAll
  static void untrained() throws Exception {
    model = SceneModel.untrained("mobilenetv2-fusion", 1, DeviceSpec.cpu());
    OnnxMl.ModelProto probed = OnnxMl.ModelProto.parseFrom(model.probedOnnx());
    activations =
        (int)
            probed.getGraph().getOutputList().stream()
                .filter(o -> o.getName().startsWith("act_"))
                .count();
  }

  @Test
  void shouldQuantizeEveryProbedActivationOnceWithInt8WeightsAndKeepTheHeadFp32() throws Exception {
    OnnxMl.GraphProto graph =
        OnnxMl.ModelProto.parseFrom(model.int8Onnx(ranges(activations, -1f, 4f))).getGraph();
    Map<String, Long> ops =
        graph.getNodeList().stream()
            .collect(Collectors.groupingBy(OnnxMl.NodeProto::getOpType, Collectors.counting()));
    Map<String, TensorProto> initializers =
        graph.getInitializerList().stream()
            .collect(Collectors.toMap(TensorProto::getName, Function.identity()));

    assertThat(activations).isGreaterThan(50);
    assertThat(ops.get("QuantizeLinear")).isEqualTo((long) activations);
    // the stem and the first depthwise convolution stay fp32, so do the classifiers
    OnnxMl.NodeProto stem =
        graph.getNodeList().stream()
            .filter(n -> n.getOpType().equals("Conv"))
            .findFirst()
            .orElseThrow();
    assertThat(initializers.get(stem.getInput(1)).getDataType())
        .isEqualTo(TensorProto.DataType.FLOAT.getNumber());
    long int8Weights =
        graph.getInitializerList().stream()
            .filter(t -> t.getName().endsWith("_w_q"))
            .peek(t -> assertThat(t.getDataType()).isEqualTo(TensorProto.DataType.INT8.getNumber()))
            .count();
    long convs = ops.get("Conv");
    assertThat(int8Weights).isEqualTo(convs - OnnxExport.FP32_LEADING_CONVS - 3);
    assertThat(ops).containsKeys("Resize", "Softmax", "ArgMax");
  }

  @Test
  void shouldRefuseRangesOfAnotherNetwork() {
    assertThatThrownBy(() -> model.int8Onnx(ranges(activations - 1, 0f, 1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("calibrated");
    assertThatThrownBy(() -> model.int8Onnx(ranges(activations + 1, 0f, 1f)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("the ranges hold " + (activations + 1));
  }

  @Test
  void shouldRefuseRangesThatAreNotFinite() {
    float[] min = new float[3];
    float[] max = {1f, Float.NaN, 2f};
    assertThatThrownBy(() -> new ActivationRanges(min, max))
        .hasMessage("activation act_1 has no usable range: [0.0, NaN]");
    assertThatThrownBy(() -> new ActivationRanges(new float[] {2f}, new float[] {1f}))
        .hasMessage("activation act_0 has no usable range: [2.0, 1.0]");
  }

  @Test
  void shouldMapZeroExactlyAndSpanTheRangeIn255Steps() {
    ActivationRanges r = new ActivationRanges(new float[] {-1f, 0f}, new float[] {3f, 6f});
    assertThat(r.scale(0)).isEqualTo(4f / 255f);
    assertThat(r.zeroPoint(0)).isEqualTo(64);
    assertThat(r.zeroPoint(1)).isZero();
  }

  private static ActivationRanges ranges(int n, float lo, float hi) {
    float[] min = new float[n];
    float[] max = new float[n];
    Arrays.fill(min, lo);
    Arrays.fill(max, hi);
    return new ActivationRanges(min, max);
  }
}
