package dev.scenelabeler.models;

import java.io.Serializable;
import java.util.Locale;

/**
 * The resolution a frame is labeled at. By default ({@code trained}) the frame is scaled, aspect
 * kept, so that its short side matches the short side of the model's training input (360 for the
 * default model, CamVid's scale): objects then have the size in pixels the network learnt them at.
 * A number sets that short side; {@code model-input} stretches every frame to the model's fixed
 * input (the behaviour before issue 21, kept for comparison).
 *
 * <p>Declared once here, with its flag name and help text, and used by the models commands ({@code
 * ModelOptions}) and the jobs ({@code JobOptionDeclarations}). Serializable: streaming jobs carry
 * it to the task managers.
 */
public final class WorkingSize implements Serializable {

  private static final long serialVersionUID = 1L;

  /**
   * Working sizes are multiples of this. The decoder fuses stride-8 scores into stride-4 features;
   * on a multiple of 8 those grids line up exactly (each stride-8 cell is two stride-4 cells), as
   * they did in training (CamVid's 480x360: 360 is a multiple of 8 but not of 16). The coarser
   * stride-16/32 maps are resized to fit whatever the size, so 8 is enough.
   */
  public static final int STRIDE = 8;

  /** Largest short side an option may ask for (8K). */
  public static final int MAX_SHORT_SIDE = 7680;

  /**
   * Caps on the working resolution whatever the frame's shape: the long side at most 7680 (8K) and
   * at most 3840x2160 pixels (4K UHD, 27x the work of 480x360). A 10000x100 panorama thus runs at
   * 7680x80; a frame that is 1 pixel wide at 8 pixels wide. Beyond these the network's activations
   * alone would take gigabytes.
   */
  public static final int MAX_LONG_SIDE = 7680;

  public static final long MAX_PIXELS = 3840L * 2160;

  /** The flag and its help, shared by every command. */
  public static final String FLAG = "--working-size";

  public static final String PARAM_LABEL = "PIXELS|trained|model-input";

  public static final String DESCRIPTION =
      "Resolution frames are labeled at, aspect kept: the short side in pixels "
          + "(a multiple of "
          + STRIDE
          + ", up to "
          + MAX_SHORT_SIDE
          + "); 'trained' = the short side of the model's training input (360 for the default"
          + " model); 'model-input' = stretched to the model's fixed input";

  private static final String TRAINED = "trained";
  private static final String MODEL_INPUT = "model-input";

  /** The short side in pixels; 0 for {@code trained}, -1 for {@code model-input}. */
  private final int shortSide;

  private WorkingSize(int shortSide) {
    this.shortSide = shortSide;
  }

  /** The default: the short side of the model's training input. */
  public static WorkingSize trained() {
    return new WorkingSize(0);
  }

  /** Every frame stretched to the model's fixed input size. */
  public static WorkingSize modelInput() {
    return new WorkingSize(-1);
  }

  /**
   * Frames scaled so their short side is {@code pixels}.
   *
   * @throws IllegalArgumentException naming the value, unless 1..{@value #MAX_SHORT_SIDE} and a
   *     multiple of {@value #STRIDE}
   */
  public static WorkingSize shortSide(int pixels) {
    if (pixels <= 0 || pixels > MAX_SHORT_SIDE || pixels % STRIDE != 0) {
      throw new IllegalArgumentException(
          "working size must be a short side of "
              + STRIDE
              + ".."
              + MAX_SHORT_SIDE
              + " pixels, a multiple of "
              + STRIDE
              + " (the network's stride), or '"
              + TRAINED
              + "' or '"
              + MODEL_INPUT
              + "'; got "
              + pixels
              + (pixels > 0 && pixels <= MAX_SHORT_SIDE
                  ? " (try " + nearestMultiple(pixels) + ")"
                  : ""));
    }
    return new WorkingSize(pixels);
  }

  /**
   * Reads {@code trained}, {@code model-input} or a short side in pixels.
   *
   * @throws IllegalArgumentException naming the text
   */
  public static WorkingSize parse(String text) {
    String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
    if (t.equals(TRAINED)) {
      return trained();
    }
    if (t.equals(MODEL_INPUT)) {
      return modelInput();
    }
    int pixels;
    try {
      pixels = Integer.parseInt(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "working size must be a short side in pixels (a multiple of "
              + STRIDE
              + "), '"
              + TRAINED
              + "' or '"
              + MODEL_INPUT
              + "'; got '"
              + text
              + "'");
    }
    return shortSide(pixels);
  }

  private static int nearestMultiple(int pixels) {
    return Math.max(STRIDE, Math.round(pixels / (float) STRIDE) * STRIDE);
  }

  public boolean isModelInput() {
    return shortSide < 0;
  }

  /**
   * The {@code width x height} a frame of {@code frameWidth x frameHeight} is labeled at, for a
   * model whose input is {@code inputWidth x inputHeight}: the frame scaled to the short side
   * (aspect kept), capped by {@link #MAX_LONG_SIDE} and {@link #MAX_PIXELS}, each side rounded to
   * the nearest multiple of {@link #STRIDE} (at least one stride). A frame whose short side already
   * is the working short side keeps its size if it is a multiple of the stride (CamVid's 480x360
   * stays 480x360).
   */
  public int[] resolve(int frameWidth, int frameHeight, int inputWidth, int inputHeight) {
    if (frameWidth <= 0 || frameHeight <= 0) {
      throw new IllegalArgumentException(
          "frame must be at least 1x1, got " + frameWidth + "x" + frameHeight);
    }
    if (isModelInput()) {
      return new int[] {inputWidth, inputHeight};
    }
    int target = shortSide > 0 ? shortSide : Math.min(inputWidth, inputHeight);
    double longSide = Math.max(frameWidth, frameHeight);
    double scale = target / (double) Math.min(frameWidth, frameHeight);
    scale = Math.min(scale, MAX_LONG_SIDE / longSide);
    scale = Math.min(scale, Math.sqrt(MAX_PIXELS / ((double) frameWidth * frameHeight)));
    return new int[] {toStride(frameWidth * scale), toStride(frameHeight * scale)};
  }

  private static int toStride(double side) {
    long multiples = Math.round(side / STRIDE);
    return (int) Math.max(STRIDE, multiples * STRIDE);
  }

  /** The text {@link #parse} reads back. */
  @Override
  public String toString() {
    return shortSide == 0 ? TRAINED : shortSide < 0 ? MODEL_INPUT : String.valueOf(shortSide);
  }

  /** As {@link #toString()}, with the short side {@code trained} stands for on this model. */
  public String describe(ModelInfo model) {
    if (isModelInput()) {
      return MODEL_INPUT + " (" + model.inputWidth() + "x" + model.inputHeight() + ", stretched)";
    }
    return shortSide == 0
        ? TRAINED + " (short side " + Math.min(model.inputWidth(), model.inputHeight()) + ")"
        : "short side " + shortSide;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WorkingSize other && other.shortSide == shortSide;
  }

  @Override
  public int hashCode() {
    return Integer.hashCode(shortSide);
  }
}
