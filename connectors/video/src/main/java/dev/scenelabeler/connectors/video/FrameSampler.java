package dev.scenelabeler.connectors.video;

/** Decides which decoded frames a source delivers, from their index and timestamp. */
final class FrameSampler {

  private static final double SLACK_MICROS = 1000;

  private final int every;
  private final double slotMicros;
  private long lastSlot = Long.MIN_VALUE;

  FrameSampler(FrameSourceOptions options) {
    this.every = options.everyNth().orElse(1);
    this.slotMicros =
        options.maxFps().isPresent() ? 1_000_000.0 / options.maxFps().getAsDouble() : 0;
  }

  boolean keep(long index, long timestampMicros) {
    if (slotMicros > 0) {
      // Slots are fixed on the stream clock, so the kept frames do not drift with jitter; the
      // 1 ms of slack keeps a frame stamped 199,999 us in the slot that starts at 200,000 us.
      long slot = (long) Math.floor((timestampMicros + SLACK_MICROS) / slotMicros);
      if (slot <= lastSlot) {
        return false;
      }
      lastSlot = slot;
      return true;
    }
    return index % every == 0;
  }
}
