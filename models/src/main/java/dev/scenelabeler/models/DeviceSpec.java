package dev.scenelabeler.models;

import ai.djl.Device;
import java.io.Serializable;
import java.util.Locale;

/**
 * Where a model runs: {@code auto} (the first GPU the engine sees, else CPU), {@code cpu}, or
 * {@code gpu:N}. Parsed from the command line and job options.
 */
public record DeviceSpec(Kind kind, int gpuIndex) implements Serializable {

  public enum Kind {
    AUTO,
    CPU,
    GPU
  }

  public static DeviceSpec auto() {
    return new DeviceSpec(Kind.AUTO, -1);
  }

  public static DeviceSpec cpu() {
    return new DeviceSpec(Kind.CPU, -1);
  }

  public static DeviceSpec gpu(int index) {
    if (index < 0) {
      throw new IllegalArgumentException("GPU index must be >= 0, got " + index);
    }
    return new DeviceSpec(Kind.GPU, index);
  }

  /** Parses {@code auto}, {@code cpu} or {@code gpu:N}. */
  public static DeviceSpec parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals("auto")) {
      return auto();
    }
    if (t.equals("cpu")) {
      return cpu();
    }
    if (t.startsWith("gpu:")) {
      try {
        return gpu(Integer.parseInt(t.substring(4)));
      } catch (NumberFormatException e) {
        // fall through to the error below
      }
    }
    throw new IllegalArgumentException(
        "device must be 'auto', 'cpu' or 'gpu:N' (N a GPU index), got '" + text + "'");
  }

  /** The DJL device to use on the PyTorch engine (training, the first generation). */
  public Device resolve() {
    return resolveOn(InferenceEngine.PYTORCH);
  }

  /**
   * The DJL device to use on {@code engine}. A GPU that the engine does not see is an error for an
   * explicit {@code gpu:N}; {@code auto} falls back to CPU.
   */
  public Device resolveOn(InferenceEngine engine) {
    if (kind == Kind.CPU) {
      return Device.cpu();
    }
    int gpus = engine.gpuCount();
    return switch (kind) {
      case CPU -> Device.cpu();
      case AUTO -> gpus > 0 ? Device.gpu(0) : Device.cpu();
      case GPU -> {
        if (gpuIndex >= gpus) {
          throw new IllegalStateException(
              "gpu:"
                  + gpuIndex
                  + " requested but the "
                  + engine
                  + " engine sees "
                  + gpus
                  + " GPU(s)");
        }
        yield Device.gpu(gpuIndex);
      }
    };
  }

  @Override
  public String toString() {
    return kind == Kind.GPU ? "gpu:" + gpuIndex : kind.name().toLowerCase(Locale.ROOT);
  }
}
