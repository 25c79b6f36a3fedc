package dev.scenelabeler.connectors.video;

import java.util.Locale;

/** A frame size as given on command lines, {@code WIDTHxHEIGHT} (e.g. {@code 480x360}). */
public record FrameSize(int width, int height) {

  public FrameSize {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "a frame size must be positive, got " + width + "x" + height);
    }
  }

  /**
   * Parses {@code WIDTHxHEIGHT}.
   *
   * @param option the option it came from, named in the error (e.g. {@code --resize})
   */
  public static FrameSize parse(String text, String option) {
    String[] parts = text == null ? new String[0] : text.toLowerCase(Locale.ROOT).split("x");
    try {
      if (parts.length == 2) {
        return new FrameSize(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
      }
    } catch (IllegalArgumentException e) {
      // reported below, with the text as given
    }
    throw new IllegalArgumentException(
        option + " must be WIDTHxHEIGHT such as 480x360, got '" + text + "'");
  }
}
