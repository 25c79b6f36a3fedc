package dev.scenelabeler.models.quant;

/**
 * A frame the int8 graph labels at load, and the class map the fp32 graph gave it when the int8
 * graph was made: the self-check compares the two.
 *
 * @param bgr the frame, BGR bytes, row-major, {@code height x width x 3}
 * @param fp32Labels the fp32 graph's class of each pixel, row-major
 */
public record ReferenceFrame(byte[] bgr, int width, int height, byte[] fp32Labels) {

  public ReferenceFrame {
    if (bgr.length != width * height * 3 || fp32Labels.length != width * height) {
      throw new IllegalArgumentException(
          "a "
              + width
              + "x"
              + height
              + " reference frame needs "
              + width * height * 3
              + " image bytes and "
              + width * height
              + " labels, got "
              + bgr.length
              + " and "
              + fp32Labels.length);
    }
  }
}
