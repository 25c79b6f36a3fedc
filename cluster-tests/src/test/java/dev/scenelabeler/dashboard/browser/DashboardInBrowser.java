package dev.scenelabeler.dashboard.browser;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.DashboardServer;
import dev.scenelabeler.dashboard.SyntheticScene;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * What the browser tests run against: an embedded broker with the default topics, the dashboard on
 * it, a producer that writes records as the pipeline does, and headless Chromium showing the page,
 * connected to its event stream. Skips the test where Chromium is not installed.
 */
final class DashboardInBrowser implements AutoCloseable {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final Path profileDir;
  private EmbeddedKafkaBroker broker;
  private final int brokerPort;
  private final DashboardServer dashboard;
  private PipelineProducer producer;
  private final ChromeDriver browser;

  private DashboardInBrowser(
      Path dataDir,
      Path profileDir,
      EmbeddedKafkaBroker broker,
      DashboardServer dashboard,
      PipelineProducer producer,
      ChromeDriver browser) {
    this.dataDir = dataDir;
    this.profileDir = profileDir;
    this.broker = broker;
    this.brokerPort = broker.port();
    this.dashboard = dashboard;
    this.producer = producer;
    this.browser = browser;
  }

  /**
   * Starts it all with the dashboard options {@code options} makes of the defaults, the window
   * {@code width x height}.
   */
  static DashboardInBrowser start(UnaryOperator<DashboardOptions> options, int width, int height)
      throws Exception {
    Assumptions.assumeTrue(
        HeadlessChromium.isInstalled(),
        "browser test skipped: needs Debian's chromium and chromium-driver at "
            + HeadlessChromium.BINARY
            + " and "
            + HeadlessChromium.DRIVER
            + " (apt-get install chromium chromium-driver; .ci/run installs them)");
    Path dataDir = Files.createTempDirectory("dashboard-it-kafka-");
    EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().optDataDir(dataDir).build().start();
    broker.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 1));
    DashboardServer dashboard =
        DashboardServer.start(
            options.apply(DashboardOptions.defaults(broker.bootstrapServers()).withPort(0)));
    assertThat(dashboard.awaitFeedReady(WAIT))
        .as("dashboard consumer assigned all topics")
        .isTrue();
    PipelineProducer producer = new PipelineProducer(broker.bootstrapServers(), Duration.ZERO);
    // Load the image codecs (OpenCV for mask PNGs, ImageIO for JPEG) before the first timed
    // record: loading takes seconds and would show up as that record's latency.
    SyntheticScene.mask("warm-up", 0, 0, 0);
    SyntheticScene.frame("warm-up", 0, 0);
    Path profileDir = Files.createTempDirectory("dashboard-it-chromium-");
    ChromeDriver browser = HeadlessChromium.start(profileDir, width, height);
    DashboardInBrowser page =
        new DashboardInBrowser(dataDir, profileDir, broker, dashboard, producer, browser);
    browser.get(dashboard.uri().toString());
    waitFor("page connected to the event stream", () -> dashboard.connectedPages() == 1);
    return page;
  }

  ChromeDriver browser() {
    return browser;
  }

  PipelineProducer producer() {
    return producer;
  }

  Object js(String script, Object... args) {
    return ((JavascriptExecutor) browser).executeScript(script, args);
  }

  /** Stops the broker; the dashboard and the page stay up. */
  void stopBroker() {
    broker.close();
  }

  /** Starts the broker again on its port and data, with a new producer. */
  void restartBroker() throws Exception {
    broker = EmbeddedKafkaBroker.builder().optPort(brokerPort).optDataDir(dataDir).build().start();
    producer.close(Duration.ofSeconds(1));
    producer = new PipelineProducer(broker.bootstrapServers(), Duration.ZERO);
  }

  /** Polls {@code condition} every 50 ms until it holds, failing after {@link #WAIT}. */
  static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out after " + WAIT.toSeconds() + " s waiting for: " + what);
      }
      Thread.sleep(50);
    }
  }

  @Override
  public void close() throws IOException {
    browser.quit();
    producer.close(Duration.ofSeconds(5));
    dashboard.close();
    broker.close();
    deleteQuietly(profileDir);
    deleteQuietly(dataDir);
  }

  private static void deleteQuietly(Path dir) throws IOException {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
