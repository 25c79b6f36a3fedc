package dev.scenelabeler.connectors.publish;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The background thread of one {@code publish}: progress to a listener every interval, and the
 * {@link StallWatch}. Closing it stops both.
 */
final class PublishReporting implements AutoCloseable {

  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("publish-progress"));

  /** {@code progressListener} may be null: then only the stall watch runs. */
  PublishReporting(
      Supplier<FramePublisher.Progress> progress,
      Consumer<FramePublisher.Progress> progressListener,
      Duration progressInterval,
      StallWatch stallWatch) {
    if (progressListener != null) {
      long every = progressInterval.toMillis();
      thread.scheduleAtFixedRate(
          () -> progressListener.accept(progress.get()), every, every, TimeUnit.MILLISECONDS);
    }
    long checkEvery = stallWatch.checkInterval().toMillis();
    thread.scheduleWithFixedDelay(stallWatch::check, checkEvery, checkEvery, TimeUnit.MILLISECONDS);
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
