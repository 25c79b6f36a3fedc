package dev.scenelabeler.connectors.records;

import java.util.Objects;

/**
 * The four topic names of the system, in one place. {@link #DEFAULTS} holds the names every command
 * uses unless told otherwise; a deployment may rename them with {@code with*}.
 *
 * @param frames camera frames in ({@link FrameRecord})
 * @param masks label masks out ({@link MaskRecord})
 * @param maskStats per-frame JSON statistics for dashboards ({@link MaskStats})
 * @param deadLetters records that could not be processed ({@link DeadLetter})
 */
public record Topics(String frames, String masks, String maskStats, String deadLetters) {

  public static final String FRAMES = "frames";
  public static final String MASKS = "masks";
  public static final String MASK_STATS = "mask-stats";
  public static final String FRAMES_DLQ = "frames-dlq";

  public static final Topics DEFAULTS = new Topics(FRAMES, MASKS, MASK_STATS, FRAMES_DLQ);

  public Topics {
    Objects.requireNonNull(frames, "frames");
    Objects.requireNonNull(masks, "masks");
    Objects.requireNonNull(maskStats, "maskStats");
    Objects.requireNonNull(deadLetters, "deadLetters");
  }

  public Topics withFrames(String name) {
    return new Topics(name, masks, maskStats, deadLetters);
  }

  public Topics withMasks(String name) {
    return new Topics(frames, name, maskStats, deadLetters);
  }

  public Topics withMaskStats(String name) {
    return new Topics(frames, masks, name, deadLetters);
  }

  public Topics withDeadLetters(String name) {
    return new Topics(frames, masks, maskStats, name);
  }
}
