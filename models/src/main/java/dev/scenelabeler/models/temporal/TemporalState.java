package dev.scenelabeler.models.temporal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * What a {@link TemporalFilter} carries from one frame of a camera to the next: the filtered class
 * probabilities at the network's stride-4 grid (one byte each, 0..255 for 0..1), the frame in grey
 * at that grid (for the flow that aligns them with the next frame), and where the frame stood. Its
 * size is bounded by the working size, not the frame: {@code (classes + 1)} bytes per cell, about
 * 86 KB for a 16:9 frame at the default working size (160x90 cells, 6 classes), whatever the
 * camera's resolution.
 *
 * <p>{@link #toBytes()} and {@link #fromBytes} are its stored form (Flink keyed state), versioned
 * so a later layout can still read this one.
 */
public record TemporalState(
    int frameWidth,
    int frameHeight,
    int scoreWidth,
    int scoreHeight,
    int classes,
    byte[] probabilities,
    byte[] grey,
    long sequence,
    long captureMs) {

  private static final int VERSION = 1;

  public TemporalState {
    int cells = scoreWidth * scoreHeight;
    if (probabilities.length != (long) classes * cells || grey.length != cells) {
      throw new IllegalArgumentException(
          "state of "
              + classes
              + " classes at "
              + scoreWidth
              + "x"
              + scoreHeight
              + " has "
              + probabilities.length
              + " probabilities and "
              + grey.length
              + " grey cells");
    }
  }

  public int cells() {
    return scoreWidth * scoreHeight;
  }

  /** Bytes this state takes in its stored form. */
  public int storedBytes() {
    return 4 + 5 * 4 + 2 * 8 + probabilities.length + grey.length;
  }

  public byte[] toBytes() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(storedBytes());
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(VERSION);
      out.writeInt(frameWidth);
      out.writeInt(frameHeight);
      out.writeInt(scoreWidth);
      out.writeInt(scoreHeight);
      out.writeInt(classes);
      out.writeLong(sequence);
      out.writeLong(captureMs);
      out.write(probabilities);
      out.write(grey);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /**
   * Reads {@link #toBytes()}'s form.
   *
   * @throws IllegalArgumentException when the bytes are not a state of a known version
   */
  public static TemporalState fromBytes(byte[] stored) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
      int version = in.readInt();
      if (version != VERSION) {
        throw new IllegalArgumentException("temporal state version " + version + " is unknown");
      }
      int frameWidth = in.readInt();
      int frameHeight = in.readInt();
      int scoreWidth = in.readInt();
      int scoreHeight = in.readInt();
      int classes = in.readInt();
      long sequence = in.readLong();
      long captureMs = in.readLong();
      long cells = (long) scoreWidth * scoreHeight;
      if (scoreWidth <= 0
          || scoreHeight <= 0
          || classes <= 0
          || cells * (classes + 1) > stored.length) {
        throw new IllegalArgumentException(
            "temporal state of "
                + stored.length
                + " bytes claims "
                + classes
                + " classes at "
                + scoreWidth
                + "x"
                + scoreHeight);
      }
      byte[] probabilities = new byte[(int) cells * classes];
      byte[] grey = new byte[(int) cells];
      in.readFully(probabilities);
      in.readFully(grey);
      return new TemporalState(
          frameWidth,
          frameHeight,
          scoreWidth,
          scoreHeight,
          classes,
          probabilities,
          grey,
          sequence,
          captureMs);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "temporal state is cut short (" + stored.length + " bytes)", e);
    }
  }
}
