package dev.scenelabeler.app.local;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a downstream consumer saw, per camera: distinct masks (by camera and frame sequence),
 * repeated masks, frames the job reported skipped, dead letters, and per mask the latencies capture
 * -> labeled and capture -> readable here. Plain values in, no Kafka, so it is tested on numbers.
 * Not thread-safe.
 */
public final class MaskTally {

  private final Map<String, Camera> cameras = new TreeMap<>();
  private final List<Long> windowMs =
      new ArrayList<>(); // capture -> readable, since the last takeWindow
  private long masks;
  private long duplicates;

  /** A mask of frame {@code sequence} of {@code camera}, read at {@code readAtMs} (epoch ms). */
  public void mask(String camera, long sequence, long captureMs, long labeledMs, long readAtMs) {
    if (camera(camera).mask(sequence, captureMs, labeledMs, readAtMs)) {
      masks++;
      windowMs.add(readAtMs - captureMs);
    } else {
      duplicates++;
    }
  }

  /** Frames of {@code camera} the job reported skipped (a mask-stats record's count). */
  public void skipped(String camera, long count) {
    camera(camera).skipped += count;
  }

  public void deadLetter(String camera) {
    camera(camera).deadLetters++;
  }

  /** Distinct masks of every camera. */
  public long masks() {
    return masks;
  }

  /** Masks read again for a frame that already had one. */
  public long duplicates() {
    return duplicates;
  }

  /** Frames reported skipped, every camera. */
  public long skipped() {
    return cameras.values().stream().mapToLong(Camera::skipped).sum();
  }

  /** Masks, skips and dead letters of every camera: what the job has answered for. */
  public long accountedFor() {
    return cameras.values().stream().mapToLong(c -> c.labeled() + c.skipped + c.deadLetters).sum();
  }

  /** The counts of {@code camera} (empty for a camera not seen). */
  public Camera counts(String camera) {
    return cameras.getOrDefault(camera, new Camera());
  }

  /** Every camera seen, by id. */
  public Map<String, Camera> cameras() {
    return Collections.unmodifiableMap(cameras);
  }

  /** Capture -> readable of the distinct masks since the last call, and starts a new window. */
  public Latencies takeWindow() {
    Latencies window = new Latencies(windowMs.stream().mapToLong(Long::longValue).toArray());
    windowMs.clear();
    return window;
  }

  private Camera camera(String id) {
    return cameras.computeIfAbsent(id, c -> new Camera());
  }

  /** One camera's counts. */
  public static final class Camera {
    private final Map<Long, Long> readableMsBySequence = new TreeMap<>();
    private final Map<Long, Long> labelingMsBySequence = new TreeMap<>();
    private final Map<Long, Long> labeledAtMsBySequence = new TreeMap<>();
    private long duplicates;
    private long skipped;
    private long deadLetters;

    /** False for a frame that already had its mask. */
    private boolean mask(long sequence, long captureMs, long labeledMs, long readAtMs) {
      if (readableMsBySequence.putIfAbsent(sequence, readAtMs - captureMs) != null) {
        duplicates++;
        return false;
      }
      labelingMsBySequence.put(sequence, labeledMs - captureMs);
      labeledAtMsBySequence.put(sequence, labeledMs);
      return true;
    }

    /** Distinct frames with a mask. */
    public long labeled() {
      return readableMsBySequence.size();
    }

    public long duplicates() {
      return duplicates;
    }

    public long skipped() {
      return skipped;
    }

    public long deadLetters() {
      return deadLetters;
    }

    /**
     * Capture -> readable here, of each distinct mask of a frame numbered below {@code
     * sequenceEnd}.
     */
    public Latencies readable(long sequenceEnd) {
      return below(readableMsBySequence, sequenceEnd);
    }

    /** Capture -> labeled (the record's labeling time), of the same masks as {@link #readable}. */
    public Latencies labeling(long sequenceEnd) {
      return below(labelingMsBySequence, sequenceEnd);
    }

    /** How many masks were labeled after {@code afterMs} (epoch ms). */
    public long labeledAfter(long afterMs) {
      return labeledAtMsBySequence.values().stream().filter(t -> t > afterMs).count();
    }

    /**
     * Masks per second labeled after {@code afterMs}, by the masks' own labeling times (so not
     * quantized by the checkpoints that make them readable).
     *
     * @return NaN with fewer than two such masks
     */
    public double labelingRate(long afterMs) {
      List<Long> times =
          labeledAtMsBySequence.values().stream().filter(t -> t > afterMs).sorted().toList();
      if (times.size() < 2 || times.get(times.size() - 1).equals(times.get(0))) {
        return Double.NaN;
      }
      return (times.size() - 1) / ((times.get(times.size() - 1) - times.get(0)) / 1000.0);
    }

    private static Latencies below(Map<Long, Long> bySequence, long sequenceEnd) {
      return new Latencies(
          bySequence.entrySet().stream()
              .filter(e -> e.getKey() < sequenceEnd)
              .mapToLong(Map.Entry::getValue)
              .toArray());
    }
  }
}
