package dev.scenelabeler.connectors.publish;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the broker made of one {@code publish}: frames and bytes acknowledged (in all and per
 * camera), when the first and the last acknowledgement came, the first send error, and the sends
 * still waiting. Written by producer callbacks, read by the reporting thread: thread-safe.
 */
final class DeliveryTally {

  private final SendBacklog backlog = new SendBacklog();
  private final LongAdder frames = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final Map<String, LongAdder> byCamera = new ConcurrentHashMap<>();
  private final AtomicLong firstAckNanos = new AtomicLong();
  private final AtomicLong lastAckNanos = new AtomicLong();
  private final AtomicReference<Throwable> sendError = new AtomicReference<>();

  SendBacklog backlog() {
    return backlog;
  }

  void acked(String camera, long size, long nowNanos) {
    frames.increment();
    bytes.add(size);
    byCamera.computeIfAbsent(camera, c -> new LongAdder()).increment();
    firstAckNanos.compareAndSet(0, nowNanos);
    lastAckNanos.set(nowNanos);
  }

  /** Keeps the first error only: later ones are usually its consequences. */
  void failed(Throwable error) {
    sendError.compareAndSet(null, error);
  }

  Optional<Throwable> sendError() {
    return Optional.ofNullable(sendError.get());
  }

  /** From {@code startNanos} to the first acknowledgement; zero if none came. */
  Duration firstAck(long startNanos) {
    long first = firstAckNanos.get();
    return first == 0 ? Duration.ZERO : Duration.ofNanos(Math.max(0, first - startNanos));
  }

  /**
   * Frames and bytes so far; the time runs to the last acknowledgement, so the rate is not diluted
   * by the wait for sources to end, or to {@code nowNanos} while none came.
   */
  FramePublisher.Progress progress(long startNanos, long nowNanos) {
    long last = lastAckNanos.get();
    long end = frames.sum() > 0 && last > 0 ? Math.max(last, startNanos) : nowNanos;
    return new FramePublisher.Progress(
        frames.sum(), bytes.sum(), Duration.ofNanos(end - startNanos));
  }

  /** Acknowledged frames per camera, in the feeds' order, zero for a camera with none. */
  Map<String, Long> framesByCamera(List<CameraFeed> feeds) {
    Map<String, Long> counts = new LinkedHashMap<>();
    for (CameraFeed feed : feeds) {
      LongAdder count = byCamera.get(feed.cameraId());
      counts.put(feed.cameraId(), count == null ? 0 : count.sum());
    }
    return counts;
  }
}
