package dev.scenelabeler.jobs.labeling;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The frames a labeling subtask holds, one FIFO per camera, served round-robin: a camera sending 15
 * frames/s gets no more turns than one sending 2, so none starves. Within a camera frames leave in
 * arrival (sequence) order; stale ones are dropped from the head when the camera's turn comes, so
 * the frame labeled is the oldest one still fresh. Not thread-safe: the operator uses it from its
 * task thread only.
 *
 * @param <F> a queued frame
 */
final class CameraQueues<F> {

  /** What the queue needs to know of a frame. */
  interface Frames<F> {
    String camera(F frame);

    long captureMs(F frame);

    /** Frames whose camera and capture time these two functions read. */
    static <F> Frames<F> of(Function<F, String> camera, ToLongFunction<F> captureMs) {
      return new Frames<>() {
        @Override
        public String camera(F frame) {
          return camera.apply(frame);
        }

        @Override
        public long captureMs(F frame) {
          return captureMs.applyAsLong(frame);
        }
      };
    }
  }

  private final Frames<F> frames;
  private final Map<String, ArrayDeque<F>> byCamera = new HashMap<>();
  private final ArrayDeque<String> turns = new ArrayDeque<>(); // cameras with frames, next first
  private int size;

  CameraQueues(Frames<F> frames) {
    this.frames = frames;
  }

  /** Queues {@code frame}; the stale frames of its camera it supersedes go to {@code skipped}. */
  void add(F frame, long nowMs, FreshnessPolicy freshness, Consumer<F> skipped) {
    String camera = frames.camera(frame);
    ArrayDeque<F> queue = byCamera.computeIfAbsent(camera, c -> new ArrayDeque<>());
    if (queue.isEmpty()) {
      turns.addLast(camera);
    }
    queue.addLast(frame);
    size++;
    dropStale(queue, nowMs, freshness, skipped);
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  /**
   * Takes up to {@code max} frames, one per camera per round, in turn; frames that are stale at
   * {@code nowMs} and not their camera's newest are handed to {@code skipped} instead (oldest
   * first) and do not count.
   */
  List<F> take(int max, long nowMs, FreshnessPolicy freshness, Consumer<F> skipped) {
    List<F> taken = new ArrayList<>(Math.min(max, size));
    while (taken.size() < max && !turns.isEmpty()) {
      String camera = turns.pollFirst();
      ArrayDeque<F> queue = byCamera.get(camera);
      dropStale(queue, nowMs, freshness, skipped);
      if (!queue.isEmpty()) {
        taken.add(queue.pollFirst());
        size--;
      }
      if (queue.isEmpty()) {
        byCamera.remove(camera);
      } else {
        turns.addLast(camera);
      }
    }
    return taken;
  }

  /**
   * The frames {@link #take} would give at {@code nowMs} if nothing were added before, without
   * taking or skipping any: what to prepare for the next batch.
   */
  List<F> peek(int max, long nowMs, FreshnessPolicy freshness) {
    List<F> next = new ArrayList<>(Math.min(max, size));
    List<Iterator<F>> cursors = new ArrayList<>(turns.size());
    for (String camera : turns) {
      ArrayDeque<F> queue = byCamera.get(camera);
      Iterator<F> cursor = queue.iterator();
      // The stale prefix take would skip, the camera's newest frame kept.
      for (int stale = countStale(queue, nowMs, freshness); stale > 0; stale--) {
        cursor.next();
      }
      cursors.add(cursor);
    }
    // Round-robin as take does; after its first frame a camera's later frames are not stale
    // at the same moment, since capture times rise.
    while (next.size() < max && !cursors.isEmpty()) {
      for (Iterator<Iterator<F>> round = cursors.iterator();
          round.hasNext() && next.size() < max; ) {
        Iterator<F> cursor = round.next();
        next.add(cursor.next());
        if (!cursor.hasNext()) {
          round.remove();
        }
      }
    }
    return next;
  }

  private int countStale(ArrayDeque<F> queue, long nowMs, FreshnessPolicy freshness) {
    int stale = 0;
    for (F frame : queue) {
      if (stale == queue.size() - 1 || !freshness.isStale(frames.captureMs(frame), nowMs)) {
        break;
      }
      stale++;
    }
    return stale;
  }

  /** Hands every stale frame but each camera's newest to {@code skipped}. */
  void dropStale(long nowMs, FreshnessPolicy freshness, Consumer<F> skipped) {
    if (!freshness.isLive()) {
      return;
    }
    for (String camera : List.copyOf(turns)) {
      ArrayDeque<F> queue = byCamera.get(camera);
      dropStale(queue, nowMs, freshness, skipped);
    }
  }

  private void dropStale(
      ArrayDeque<F> queue, long nowMs, FreshnessPolicy freshness, Consumer<F> skipped) {
    // Capture times rise within a camera, so the stale frames are a prefix; the newest stays.
    while (queue.size() > 1 && freshness.isStale(frames.captureMs(queue.peekFirst()), nowMs)) {
      skipped.accept(queue.pollFirst());
      size--;
    }
  }

  /**
   * The least {@code time} of the cameras' first frames ({@code Long.MAX_VALUE} when empty): with a
   * time that rises within each camera (arrival, capture), the least of all frames.
   */
  long earliest(ToLongFunction<F> time) {
    long earliest = Long.MAX_VALUE;
    for (ArrayDeque<F> queue : byCamera.values()) {
      earliest = Math.min(earliest, time.applyAsLong(queue.peekFirst()));
    }
    return earliest;
  }

  /** Every queued frame, camera by camera in turn order, each camera's in order; for snapshots. */
  List<F> all() {
    List<F> all = new ArrayList<>(size);
    for (String camera : turns) {
      all.addAll(byCamera.get(camera));
    }
    return all;
  }

  void clear() {
    byCamera.clear();
    turns.clear();
    size = 0;
  }
}
