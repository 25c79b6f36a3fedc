package dev.scenelabeler.models.quant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which graph the labeler loads for each precision, with the committed default model's int8 graph
 * and reference frames: {@code auto} falls back to fp32 on every defect, {@code int8} fails naming
 * it. The self-check itself runs on this machine's CPU.
 */
class Int8SelectionTest {

  private static final String DEFAULT = "/dev/scenelabeler/models/default/";
  private static final CpuFeatures VNNI =
      new CpuFeatures("Test CPU with VNNI", Set.of("avx512_vnni"));
  private static final CpuFeatures NO_VNNI = new CpuFeatures("Old Test CPU", Set.of("avx2", "fma"));

  @Test
  void shouldPickTheInt8GraphWhereItsSelfCheckPasses() throws Exception {
    Int8Selection.Choice choice = Int8Selection.choose(Precision.AUTO, committed(), false, VNNI);

    assertThat(choice.precision()).isEqualTo(Precision.INT8);
    assertThat(choice.graph()).isNotNull();
    assertThat(choice.reason())
        .startsWith("int8 self-check passed: ")
        .contains("Test CPU with VNNI");
  }

  @Test
  void shouldKeepFp32WhenAskedForIt() throws Exception {
    assertThat(Int8Selection.choose(Precision.FP32, committed(), false, VNNI).graph()).isNull();
  }

  @Test
  void shouldFallBackOnACpuWithoutVnniNamingItOrRefuseInt8() throws Exception {
    Int8Selection.Choice choice = Int8Selection.choose(Precision.AUTO, committed(), false, NO_VNNI);
    assertThat(choice.precision()).isEqualTo(Precision.FP32);
    assertThat(choice.reason()).contains("Old Test CPU", "VNNI");

    assertThatThrownBy(() -> Int8Selection.choose(Precision.INT8, committed(), false, NO_VNNI))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("--precision int8: the CPU (Old Test CPU) has no int8 dot-product");
  }

  @Test
  void shouldKeepFp32OnAGpu() throws Exception {
    assertThat(Int8Selection.choose(Precision.AUTO, committed(), true, VNNI).precision())
        .isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Int8Selection.choose(Precision.INT8, committed(), true, VNNI))
        .hasMessageContaining("on a GPU the labeler keeps fp32");
  }

  @Test
  void shouldFallBackWhenTheModelHasNoInt8Graph() throws Exception {
    ReferenceFrames.ModelFiles without =
        name -> {
          if (name.equals(Int8Selection.INT8_FILE)) {
            throw new NoSuchFileException("model/" + name);
          }
          return committed().open(name);
        };
    assertThat(Int8Selection.choose(Precision.AUTO, without, false, VNNI).precision())
        .isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Int8Selection.choose(Precision.INT8, without, false, VNNI))
        .hasMessage(
            "--precision int8: the model has no int8 graph: model/model-int8.onnx"
                + " (./scene-labeler quantize makes it from the weights)");
  }

  @Test
  void shouldFallBackOnACorruptedInt8Graph() throws Exception {
    ReferenceFrames.ModelFiles corrupted = replacingInt8Graph(new byte[] {1, 2, 3, 4, 5});
    Int8Selection.Choice choice = Int8Selection.choose(Precision.AUTO, corrupted, false, VNNI);
    assertThat(choice.precision()).isEqualTo(Precision.FP32);
    assertThat(choice.reason()).startsWith("the int8 graph does not run on this CPU");
    assertThatThrownBy(() -> Int8Selection.choose(Precision.INT8, corrupted, false, VNNI))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("--precision int8: the int8 graph does not run");
  }

  @ParameterizedTest
  @ValueSource(floats = {0f, Float.NaN})
  void shouldFallBackWhenActivationScalesAreBroken(float scale) throws Exception {
    ReferenceFrames.ModelFiles broken = replacingInt8Graph(withActivationScales(scale));
    Int8Selection.Choice choice = Int8Selection.choose(Precision.AUTO, broken, false, VNNI);
    assertThat(choice.precision()).isEqualTo(Precision.FP32);
    assertThatThrownBy(() -> Int8Selection.choose(Precision.INT8, broken, false, VNNI))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith("--precision int8: the int8 graph");
  }

  /** The committed int8 graph with every activation scale set to {@code scale}. */
  private static byte[] withActivationScales(float scale) throws IOException {
    OnnxMl.ModelProto model;
    try (InputStream in = committed().open(Int8Selection.INT8_FILE)) {
      model = OnnxMl.ModelProto.parseFrom(in);
    }
    OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
    int changed = 0;
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      TensorProto t = graph.getInitializer(i);
      if (t.getName().startsWith("act_") && t.getName().endsWith("_scale")) {
        ByteBuffer raw = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(0, scale);
        graph.setInitializer(i, t.toBuilder().setRawData(ByteString.copyFrom(raw.array())));
        changed++;
      }
    }
    assertThat(changed).as("activation scales in the committed int8 graph").isGreaterThan(50);
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }

  private static ReferenceFrames.ModelFiles replacingInt8Graph(byte[] graph) {
    return name ->
        name.equals(Int8Selection.INT8_FILE)
            ? new ByteArrayInputStream(graph)
            : committed().open(name);
  }

  private static ReferenceFrames.ModelFiles committed() {
    return name -> {
      InputStream in = Int8SelectionTest.class.getResourceAsStream(DEFAULT + name);
      if (in == null) {
        throw new NoSuchFileException(DEFAULT + name);
      }
      return in;
    };
  }
}
