package dev.scenelabeler.app.bench;

import dev.scenelabeler.connectors.publish.FramePublisher;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.RecordSerdes;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Cameras sending the clip's frames (JPEG-encoded once, beforehand) each at its own steady rate,
 * capture time = send time, so the sender costs next to nothing and what is measured is the
 * pipeline, not the encoding (a camera encodes on its own hardware). Then, for the overload, every
 * camera sends one frame a second for a few seconds (a live camera keeps sending), so the frames
 * skipped at the end of the overload are reported on the stats of those later masks. Frames in per
 * camera are counted here.
 */
final class PacedCameras {

  /** After the overload: one frame a second per camera, this long. */
  static final Duration COOL_DOWN = Duration.ofSeconds(6);

  private final String bootstrap;
  private final String topic;
  private final List<byte[]> jpegs; // frames of the clip, JPEG-encoded, used in turn
  private final int width;
  private final int height;

  PacedCameras(String bootstrap, String topic, List<byte[]> jpegs, int width, int height) {
    this.bootstrap = bootstrap;
    this.topic = topic;
    this.jpegs = jpegs;
    this.width = width;
    this.height = height;
  }

  /** A camera's sending: {@code fps} while the phase lasts. */
  record Camera(String id, double fps) {}

  /**
   * Frames sent per camera: during the phase (sequences 0 .. n-1) and in all (the cool-down's
   * follow, numbered on).
   */
  record Sent(Map<String, Long> overload, Map<String, Long> total) {}

  /**
   * {@link #run} on a thread of its own while {@code poll} reads what comes back, so that a mask's
   * latency is taken when it arrives, not when the sending is over.
   */
  Sent runWhilePolling(List<Camera> cameras, Duration duration, Duration coolDown, Runnable poll)
      throws InterruptedException {
    AtomicReference<Sent> sent = new AtomicReference<>();
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                sent.set(run(cameras, duration, coolDown));
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                failure.set(e);
              }
            },
            "bench-cameras");
    sender.start();
    while (sender.isAlive()) {
      poll.run();
    }
    sender.join();
    if (failure.get() != null) {
      throw new IllegalStateException(
          "the cameras stopped sending: " + failure.get(), failure.get());
    }
    if (sent.get() == null) {
      throw new InterruptedException("the cameras were interrupted");
    }
    return sent.get();
  }

  /**
   * Sends for {@code duration} at each camera's rate, then {@code coolDown} at one frame a second.
   */
  Sent run(List<Camera> cameras, Duration duration, Duration coolDown) throws InterruptedException {
    Map<String, Long> overloadFrames = new LinkedHashMap<>();
    Map<String, Long> sequences = new LinkedHashMap<>();
    PriorityQueue<long[]> due =
        new PriorityQueue<>((a, b) -> Long.compare(a[0], b[0])); // {nanos, camera index}
    long start = System.nanoTime();
    for (int i = 0; i < cameras.size(); i++) {
      due.add(new long[] {start, i});
      sequences.put(cameras.get(i).id(), 0L);
    }
    long overloadEnd = start + duration.toNanos();
    long coolDownEnd = overloadEnd + coolDown.toNanos();
    try (KafkaProducer<String, FrameRecord> producer =
        new KafkaProducer<>(
            FramePublisher.producerConfig(bootstrap, RecordLimits.DEFAULTS),
            new StringSerializer(),
            RecordSerdes.frames())) {
      while (!due.isEmpty()) {
        long[] next = due.poll();
        if (next[0] >= coolDownEnd) {
          continue;
        }
        long wait = next[0] - System.nanoTime();
        if (wait > 0) {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
        Camera camera = cameras.get((int) next[1]);
        long sequence = sequences.get(camera.id());
        long now = System.currentTimeMillis();
        FrameRecord frame =
            new FrameRecord(
                camera.id(),
                sequence,
                now,
                ImageEncoding.JPEG,
                width,
                height,
                jpegs.get((int) (sequence % jpegs.size())));
        producer.send(new ProducerRecord<>(topic, null, now, camera.id(), frame));
        sequences.put(camera.id(), sequence + 1);
        if (next[0] < overloadEnd) {
          overloadFrames.merge(camera.id(), 1L, Long::sum);
        }
        boolean overloading = next[0] < overloadEnd;
        if (!overloading && coolDown.isZero()) {
          continue;
        }
        long period = overloading ? (long) (1e9 / camera.fps()) : 1_000_000_000L;
        long following = next[0] + period;
        if (overloading && following >= overloadEnd) {
          following = overloadEnd; // the cool-down starts on time for every camera
        }
        due.add(new long[] {following, next[1]});
      }
      producer.flush();
    }
    cameras.forEach(c -> overloadFrames.putIfAbsent(c.id(), 0L));
    return new Sent(overloadFrames, sequences);
  }
}
