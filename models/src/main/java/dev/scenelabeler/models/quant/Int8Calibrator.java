package dev.scenelabeler.models.quant;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.scenelabeler.models.net.ActivationRanges;
import java.nio.FloatBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Runs the probed fp32 graph ({@code OnnxExport.exportProbed}) over calibration frames and measures
 * each quantized activation's range: the plain minimum and maximum, or percentiles of a fixed-size
 * sample of its values (outliers clipped: finer steps for the values that matter).
 */
public final class Int8Calibrator {

  /** How an activation's range is chosen from what the calibration frames gave. */
  public enum Method {
    /** Every value fits; one outlier can coarsen all the steps. */
    MINMAX,
    /** 0.01 % and 99.99 % of the sampled values. */
    PERCENTILE
  }

  private static final int SAMPLE = 1 << 18; // values kept per activation for percentiles
  private static final double TAIL = 1e-4;

  private Int8Calibrator() {}

  /** A calibration frame: BGR bytes, row-major, {@code height x width x 3}. */
  public record Frame(byte[] bgr, int width, int height) {}

  /**
   * @throws OrtException when ONNX Runtime cannot run the graph
   */
  public static ActivationRanges calibrate(byte[] probedGraph, List<Frame> frames, Method method)
      throws OrtException {
    if (frames.isEmpty()) {
      throw new IllegalArgumentException("no calibration frames");
    }
    OrtEnvironment env = OrtEnvironments.shared();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        OrtSession session = env.createSession(probedGraph, options)) {
      int count = (int) session.getOutputNames().stream().filter(n -> n.startsWith("act_")).count();
      float[] min = new float[count];
      float[] max = new float[count];
      Arrays.fill(min, Float.POSITIVE_INFINITY);
      Arrays.fill(max, Float.NEGATIVE_INFINITY);
      float[][] samples = method == Method.PERCENTILE ? new float[count][SAMPLE] : null;
      long[] seen = new long[count];
      Random random = new Random(1);
      for (Frame frame : frames) {
        try (OnnxTensor image =
                OrtEnvironments.image(env, frame.bgr(), frame.width(), frame.height());
            OrtSession.Result result = session.run(Map.of("image", image))) {
          for (int i = 0; i < count; i++) {
            OnnxValue value = result.get("act_" + i).orElseThrow();
            FloatBuffer values = ((OnnxTensor) value).getFloatBuffer();
            while (values.hasRemaining()) {
              float v = values.get();
              min[i] = Math.min(min[i], v);
              max[i] = Math.max(max[i], v);
              if (samples != null) {
                // Reservoir sampling: every value seen has the same chance to be kept.
                long n = seen[i]++;
                if (n < SAMPLE) {
                  samples[i][(int) n] = v;
                } else {
                  long slot = (long) (random.nextDouble() * (n + 1));
                  if (slot < SAMPLE) {
                    samples[i][(int) slot] = v;
                  }
                }
              }
            }
          }
        }
      }
      if (samples != null) {
        for (int i = 0; i < count; i++) {
          int kept = (int) Math.min(seen[i], SAMPLE);
          float[] sorted = Arrays.copyOf(samples[i], kept);
          Arrays.sort(sorted);
          min[i] = sorted[(int) Math.floor(TAIL * (kept - 1))];
          max[i] = sorted[(int) Math.ceil((1 - TAIL) * (kept - 1))];
        }
      }
      return new ActivationRanges(min, max);
    }
  }
}
