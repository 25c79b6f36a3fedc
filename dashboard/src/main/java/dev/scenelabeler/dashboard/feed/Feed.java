package dev.scenelabeler.dashboard.feed;

import java.time.Duration;

/** A running source of dashboard updates (the Kafka consumer, or a test's own). */
public interface Feed extends AutoCloseable {

  /**
   * Waits until the feed reads all its topics, so that anything published afterwards will be seen;
   * returns false if that did not happen within {@code timeout}.
   */
  boolean awaitReady(Duration timeout) throws InterruptedException;

  /** Stops reading; idempotent. */
  @Override
  void close();

  /** Starts a feed that reports to a listener. */
  @FunctionalInterface
  interface Source {
    Feed start(FeedListener listener);
  }
}
