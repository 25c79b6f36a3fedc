package dev.scenelabeler.models.net;

import ai.onnx.proto.OnnxMl;
import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A small builder over the ONNX protobuf classes (ONNX IR, opset {@value #OPSET}): nodes with
 * generated output names, float and int64 initializers, and typed graph inputs and outputs.
 */
final class OnnxGraph {

  static final int OPSET = 17;
  private static final long IR_VERSION = 8;

  private final OnnxMl.GraphProto.Builder graph = OnnxMl.GraphProto.newBuilder();
  private int counter;

  OnnxGraph(String name) {
    graph.setName(name);
  }

  /** Adds a node; returns the name of its (first) output. */
  String node(String op, String[] inputs, AttributeProto... attributes) {
    return nodeOutputs(op, inputs, 1, attributes)[0];
  }

  String[] nodeOutputs(String op, String[] inputs, int outputs, AttributeProto... attributes) {
    NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter);
    for (String input : inputs) {
      node.addInput(input);
    }
    String[] names = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      names[i] = op.toLowerCase() + "_" + counter + (i == 0 ? "" : "_" + i);
      node.addOutput(names[i]);
    }
    for (AttributeProto a : attributes) {
      node.addAttribute(a);
    }
    counter++;
    graph.addNode(node);
    return names;
  }

  /** Renames a value by an Identity node, for the graph's public output names. */
  void output(String value, String name, TensorProto.DataType type, String... dims) {
    graph.addNode(
        NodeProto.newBuilder()
            .setOpType("Identity")
            .setName("out_" + name)
            .addInput(value)
            .addOutput(name));
    graph.addOutput(valueInfo(name, type, dims));
  }

  void input(String name, TensorProto.DataType type, String... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  String floats(String name, float[] values, long... dims) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    raw.asFloatBuffer().put(values);
    return initializer(name, TensorProto.DataType.FLOAT, raw, dims);
  }

  String longs(String name, long... values) {
    ByteBuffer raw = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
    raw.asLongBuffer().put(values);
    return initializer(name, TensorProto.DataType.INT64, raw, values.length);
  }

  /** An initializer of any type from its little-endian bytes. */
  String initializer(String name, TensorProto.DataType type, ByteBuffer raw, long... dims) {
    TensorProto.Builder t =
        TensorProto.newBuilder()
            .setName(name)
            .setDataType(type.getNumber())
            .setRawData(ByteString.copyFrom(raw.array()));
    for (long d : dims) {
      t.addDims(d);
    }
    graph.addInitializer(t);
    return name;
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder a =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      a.addInts(v);
    }
    return a.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  /** Dimensions are numbers or symbolic names (e.g. "batch"). */
  private static OnnxMl.ValueInfoProto valueInfo(
      String name, TensorProto.DataType type, String... dims) {
    OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
    for (String d : dims) {
      OnnxMl.TensorShapeProto.Dimension.Builder dim =
          OnnxMl.TensorShapeProto.Dimension.newBuilder();
      if (d.chars().allMatch(Character::isDigit)) {
        dim.setDimValue(Long.parseLong(d));
      } else {
        dim.setDimParam(d);
      }
      shape.addDim(dim);
    }
    OnnxMl.TypeProto type1 =
        OnnxMl.TypeProto.newBuilder()
            .setTensorType(
                OnnxMl.TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))
            .build();
    return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(type1).build();
  }

  byte[] toModelBytes(String producer, String docString) {
    return OnnxMl.ModelProto.newBuilder()
        .setIrVersion(IR_VERSION)
        .setProducerName(producer)
        .setDocString(docString)
        .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
        .setGraph(graph)
        .build()
        .toByteArray();
  }
}
