package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.FrameRecord;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * One {@link FramePublisher#publish} call: the camera threads, the background progress and stall
 * reports, the final flush, and the result or the send error.
 */
final class PublishRun {

  /** Who hears about a publish, and how often; see {@link FramePublisher.Builder}. */
  record Listeners(
      Consumer<FramePublisher.Progress> progress,
      Duration progressInterval,
      Consumer<FrameRecord> sent,
      Consumer<FramePublisher.SendStall> stall,
      Duration stallAfter) {}

  private PublishRun() {}

  /**
   * @param stopRequested whether {@link FramePublisher#stop()} was called
   * @param requestStop called when the run is interrupted, so that the publisher stays stopped
   * @throws PublishException if Kafka rejected a frame (the other cameras stop too)
   */
  static PublishResult run(
      List<CameraFeed> feeds,
      Producer<String, FrameRecord> producer,
      String topic,
      ReplaySettings replay,
      Listeners listeners,
      BooleanSupplier stopRequested,
      Runnable requestStop) {
    requireDistinctCameras(feeds);
    DeliveryTally tally = new DeliveryTally();
    FrameSender sender = new FrameSender(producer, topic, tally, listeners.sent());
    BooleanSupplier stopping =
        () ->
            stopRequested.getAsBoolean()
                || tally.sendError().isPresent()
                || Thread.currentThread().isInterrupted();
    long start = System.nanoTime();
    List<String> failures = List.of();
    try (PublishReporting reporting =
        new PublishReporting(
            () -> tally.progress(start, System.nanoTime()),
            listeners.progress(),
            listeners.progressInterval(),
            new StallWatch(tally.backlog(), listeners.stallAfter(), listeners.stall()))) {
      failures =
          CameraThreads.runAll(feeds, feed -> new CameraReplay(feed, replay, sender, stopping));
      sender.flush();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop.run();
    }
    if (tally.sendError().isPresent()) {
      Throwable sendError = tally.sendError().get();
      throw new PublishException(
          "frames could not be delivered to topic '"
              + topic
              + "': "
              + CameraThreads.describe(sendError),
          sendError);
    }
    FramePublisher.Progress last = tally.progress(start, System.nanoTime());
    if (listeners.progress() != null) {
      listeners.progress().accept(last);
    }
    return new PublishResult(
        last.frames(),
        last.bytes(),
        last.elapsed(),
        tally.firstAck(start),
        tally.framesByCamera(feeds),
        List.copyOf(failures));
  }

  private static void requireDistinctCameras(List<CameraFeed> feeds) {
    if (feeds.isEmpty()) {
      throw new IllegalArgumentException("no cameras to publish");
    }
    long distinct = feeds.stream().map(CameraFeed::cameraId).distinct().count();
    if (distinct != feeds.size()) {
      throw new IllegalArgumentException(
          "camera ids must be distinct: " + feeds.stream().map(CameraFeed::cameraId).toList());
    }
  }
}
