package dev.scenelabeler.dashboard;

import dev.scenelabeler.dashboard.feed.Feed;
import dev.scenelabeler.dashboard.kafka.FeedAccessCheck;
import dev.scenelabeler.dashboard.kafka.KafkaFeed;
import dev.scenelabeler.dashboard.state.CameraView;
import dev.scenelabeler.dashboard.state.DashboardState;
import dev.scenelabeler.dashboard.web.DashboardWebServer;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live dashboard: a Kafka feed, the state it fills, and the web server that pushes it to pages.
 * {@link #start(DashboardOptions)} for the real thing (the CLI and the demo start it in-process);
 * {@link #start(DashboardOptions, Feed.Source)} lets tests feed it themselves.
 */
public final class DashboardServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardServer.class);
  private static final long TICK_MS = 1000;

  private final DashboardState state;
  private final DashboardWebServer web;
  private final Feed feed;
  private final ScheduledExecutorService ticker;
  private boolean closed;

  private DashboardServer(
      DashboardState state, DashboardWebServer web, Feed feed, ScheduledExecutorService ticker) {
    this.state = state;
    this.web = web;
    this.feed = feed;
    this.ticker = ticker;
  }

  /**
   * Starts a dashboard that reads the Kafka topics named in {@code options}. With {@code
   * --kafka-config} it first asks the broker whether the credentials and ACLs let it read.
   *
   * @throws IllegalStateException naming what the broker refused
   */
  public static DashboardServer start(DashboardOptions options) {
    KafkaFeed.Source source =
        new KafkaFeed.Source(
            options.bootstrapServers(),
            options.consumerGroup(),
            options.topics(),
            options.kafkaConfig());
    if (!options.kafkaConfig().isEmpty()) {
      FeedAccessCheck.require(source);
    }
    return start(options, listener -> KafkaFeed.start(source, listener));
  }

  /** Starts a dashboard fed by {@code feedSource}. */
  public static DashboardServer start(DashboardOptions options, Feed.Source feedSource) {
    // The state needs the web server to push views and the web server needs the state; the
    // reference closes that loop until both exist.
    AtomicReference<DashboardWebServer> webRef = new AtomicReference<>();
    Consumer<CameraView> pushView =
        view -> {
          DashboardWebServer web = webRef.get();
          if (web != null) {
            web.publishView(view);
          }
        };
    DashboardState state =
        new DashboardState(
            System::currentTimeMillis,
            options.staleAfter().toMillis(),
            (int) options.history().toSeconds(),
            pushView);
    DashboardWebServer web = DashboardWebServer.start(options.host(), options.port(), state);
    webRef.set(web);
    Feed feed;
    try {
      feed = feedSource.start(state);
    } catch (RuntimeException e) {
      web.close();
      throw e;
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "dashboard-ticker");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleAtFixedRate(() -> publishTick(web), TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
    LOG.info("dashboard on http://{}:{}/", web.host(), web.port());
    return new DashboardServer(state, web, feed, ticker);
  }

  private static void publishTick(DashboardWebServer web) {
    try {
      web.publishTick();
    } catch (RuntimeException e) {
      // A failed tick must not cancel the schedule (an exception would end it for good).
      LOG.warn("dashboard tick failed", e);
    }
  }

  /** The port the web server listens on (the chosen one when started with port 0). */
  public int port() {
    return web.port();
  }

  /** The page's address. */
  public URI uri() {
    return URI.create("http://" + hostForUri(web.host()) + ":" + web.port() + "/");
  }

  public DashboardState state() {
    return state;
  }

  /** Pages connected to the event stream now. */
  public int connectedPages() {
    return web.connectedPages();
  }

  /** Waits until the feed reads all its topics; false on timeout. */
  public boolean awaitFeedReady(Duration timeout) throws InterruptedException {
    return feed.awaitReady(timeout);
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ticker.shutdownNow();
    feed.close();
    web.close();
  }

  private static String hostForUri(String host) {
    return host.contains(":") ? "[" + host + "]" : host;
  }
}
