package dev.scenelabeler.models.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The int8 graph labels the reference frames on this machine and its class maps are compared with
 * the fp32 graph's: engines have computed wrong int8 convolutions on exactly these CPUs (ONNX
 * Runtime issue 26324), so the product checks itself before it trusts one.
 */
public final class Int8SelfCheck {

  /** The least share of pixels the int8 graph must label as fp32 did. */
  public static final double MIN_AGREEMENT = 0.98;

  private Int8SelfCheck() {}

  /**
   * The share of reference pixels the int8 graph labels as the fp32 graph did; NaN scales or any
   * other defect shows as a low share.
   *
   * @throws OrtException when ONNX Runtime cannot load or run the graph
   */
  public static double agreement(byte[] int8Graph, List<ReferenceFrame> frames)
      throws OrtException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no reference frames");
    }
    List<byte[]> labels =
        classMaps(
            int8Graph,
            frames.stream()
                .map(f -> new Int8Calibrator.Frame(f.bgr(), f.width(), f.height()))
                .toList());
    long same = 0;
    long total = 0;
    for (int f = 0; f < frames.size(); f++) {
      byte[] expected = frames.get(f).fp32Labels();
      byte[] got = labels.get(f);
      for (int i = 0; i < expected.length; i++) {
        if (got[i] == expected[i]) {
          same++;
        }
      }
      total += expected.length;
    }
    return (double) same / total;
  }

  /**
   * The class map ({@code labels} output) a graph gives each frame, row-major.
   *
   * @throws OrtException when ONNX Runtime cannot load or run the graph
   */
  public static List<byte[]> classMaps(byte[] graph, List<Int8Calibrator.Frame> frames)
      throws OrtException {
    OrtEnvironment env = OrtEnvironments.shared();
    List<byte[]> maps = new ArrayList<>();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(graph, options)) {
      for (Int8Calibrator.Frame frame : frames) {
        try (OnnxTensor image =
                OrtEnvironments.image(env, frame.bgr(), frame.width(), frame.height());
            OrtSession.Result result = session.run(Map.of("image", image))) {
          ByteBuffer labels = ((OnnxTensor) result.get("labels").orElseThrow()).getByteBuffer();
          byte[] map = new byte[frame.width() * frame.height()];
          labels.get(map);
          maps.add(map);
        }
      }
    }
    return maps;
  }
}
