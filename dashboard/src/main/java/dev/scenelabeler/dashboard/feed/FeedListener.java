package dev.scenelabeler.dashboard.feed;

/**
 * What the dashboard learns from Kafka. The Kafka side translates records into these calls, so the
 * state model and the web side never see a consumer or a record format. Calls come from one thread
 * (the consumer's).
 */
public interface FeedListener {

  void onFrame(FrameUpdate frame);

  void onMask(MaskUpdate mask);

  void onStats(StatsUpdate stats);

  void onDeadLetter(DeadLetterUpdate deadLetter);

  /** A record on one of the topics could not be read; the feed skips it and goes on. */
  void onUnreadableRecord(String topic, String reason);

  /** Records not yet read by the dashboard, summed over its partitions. */
  void onConsumerLag(long records);

  /** Whether the last attempt to reach the broker succeeded. */
  void onBrokerReachable(boolean reachable);
}
