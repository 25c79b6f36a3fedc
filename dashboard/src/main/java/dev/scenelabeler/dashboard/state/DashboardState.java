package dev.scenelabeler.dashboard.state;

import dev.scenelabeler.dashboard.feed.DeadLetterUpdate;
import dev.scenelabeler.dashboard.feed.FeedListener;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import dev.scenelabeler.dashboard.feed.StatsUpdate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The dashboard's model of the pipeline, fed by the Kafka side and read by the web side. New views
 * are handed to {@code viewSink} as they happen (outside the lock); metrics are taken once a second
 * with {@link #tick()}, and a page that connects gets {@link #snapshot()}.
 */
public final class DashboardState implements FeedListener {

  /** How far back a tick repeats chart points. */
  static final int TICK_POINT_SECONDS = 10;

  /** Dead letters listed on the page, newest first; the count covers all of them. */
  static final int DEAD_LETTERS_LISTED = 20;

  private final LongSupplier clockMs;
  private final long staleAfterMs;
  private final int historySeconds;
  private final Consumer<CameraView> viewSink;
  private final Map<String, CameraState> cameras = new LinkedHashMap<>();

  private boolean brokerReachable = true;
  private long brokerStatusSinceMs;
  private long consumerLag = -1;
  private long deadLetters;
  private final ArrayDeque<DeadLetterEntry> recentDeadLetters = new ArrayDeque<>();
  private long unreadableRecords;
  private String lastUnreadableReason = "";

  public DashboardState(
      LongSupplier clockMs, long staleAfterMs, int historySeconds, Consumer<CameraView> viewSink) {
    this.clockMs = clockMs;
    this.staleAfterMs = staleAfterMs;
    this.historySeconds = historySeconds;
    this.viewSink = viewSink;
    this.brokerStatusSinceMs = clockMs.getAsLong();
  }

  @Override
  public void onFrame(FrameUpdate frame) {
    Optional<CameraView> completed;
    synchronized (this) {
      completed = camera(frame.camera()).onFrame(frame, clockMs.getAsLong());
    }
    completed.ifPresent(viewSink);
  }

  @Override
  public void onMask(MaskUpdate mask) {
    CameraView view;
    synchronized (this) {
      view = camera(mask.camera()).onMask(mask, clockMs.getAsLong());
    }
    viewSink.accept(view);
  }

  @Override
  public synchronized void onStats(StatsUpdate stats) {
    camera(stats.camera()).onStats(stats, clockMs.getAsLong());
  }

  @Override
  public synchronized void onDeadLetter(DeadLetterUpdate deadLetter) {
    deadLetters++;
    deadLetter.camera().map(this::camera).ifPresent(CameraState::onDeadLetter);
    recentDeadLetters.addFirst(
        new DeadLetterEntry(
            clockMs.getAsLong(),
            deadLetter.camera().orElse(""),
            deadLetter.stage(),
            deadLetter.reason()));
    if (recentDeadLetters.size() > DEAD_LETTERS_LISTED) {
      recentDeadLetters.removeLast();
    }
  }

  @Override
  public synchronized void onUnreadableRecord(String topic, String reason) {
    unreadableRecords++;
    lastUnreadableReason = topic + ": " + reason;
  }

  @Override
  public synchronized void onConsumerLag(long records) {
    consumerLag = records;
  }

  @Override
  public synchronized void onBrokerReachable(boolean reachable) {
    if (reachable != brokerReachable) {
      brokerReachable = reachable;
      brokerStatusSinceMs = clockMs.getAsLong();
    }
  }

  /**
   * The metrics now, with the chart points of the last few seconds. Pages merge points by second,
   * so a page that missed a tick (ticks replace each other in a slow page's queue) still gets every
   * point.
   */
  public synchronized DashboardTick tick() {
    return dashboardTick(TICK_POINT_SECONDS);
  }

  /** The metrics now with the whole chart history, for a page that just connected. */
  public synchronized DashboardTick snapshot() {
    return dashboardTick(-1);
  }

  /** The latest view of every camera that has one, for a page that just connected. */
  public synchronized List<CameraView> latestViews() {
    List<CameraView> views = new ArrayList<>();
    cameras.values().forEach(c -> c.latestView().ifPresent(views::add));
    return views;
  }

  private DashboardTick dashboardTick(int pointSeconds) {
    long now = clockMs.getAsLong();
    List<CameraMetrics> metrics = new ArrayList<>();
    for (CameraState camera : cameras.values()) {
      metrics.add(camera.metrics(now, camera.sharePoints(now, pointSeconds)));
    }
    return new DashboardTick(
        now,
        historySeconds,
        brokerReachable,
        brokerStatusSinceMs,
        consumerLag,
        deadLetters,
        List.copyOf(recentDeadLetters),
        unreadableRecords,
        lastUnreadableReason,
        List.copyOf(metrics));
  }

  private CameraState camera(String id) {
    return cameras.computeIfAbsent(id, c -> new CameraState(c, staleAfterMs, historySeconds));
  }
}
