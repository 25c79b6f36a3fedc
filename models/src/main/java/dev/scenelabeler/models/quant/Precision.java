package dev.scenelabeler.models.quant;

import java.util.Locale;

/**
 * The numbers the ONNX Runtime labeler computes with: fp32, or the int8 graph ({@code
 * model-int8.onnx}) where the CPU has integer dot-product instructions. {@code auto} takes int8
 * only where its self-check at load passes, and says once why not where it does not; {@code int8}
 * insists and fails with the reason. The PyTorch engine and GPUs keep fp32.
 */
public enum Precision {
  FP32,
  INT8,
  AUTO;

  /** The one flag of every command and job that labels. */
  public static final String FLAG = "--precision";

  public static final String PARAM_LABEL = "fp32|int8|auto";

  public static final String DESCRIPTION =
      "Numbers the labeler computes with: fp32; int8 (the model's model-int8.onnx, about half the"
          + " CPU; fails if it cannot be used); auto (int8 where the CPU has VNNI/AMX and the int8"
          + " graph passes its self-check at load, else fp32 with one warning). GPUs keep fp32";

  /**
   * @throws IllegalArgumentException naming the text and the accepted values
   */
  public static Precision parse(String text) {
    String value = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    return switch (value) {
      case "fp32" -> FP32;
      case "int8" -> INT8;
      case "auto" -> AUTO;
      default ->
          throw new IllegalArgumentException(
              "precision must be fp32, int8 or auto, got '" + text + "'");
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
