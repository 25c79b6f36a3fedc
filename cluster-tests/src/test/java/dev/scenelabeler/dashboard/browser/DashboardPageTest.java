package dev.scenelabeler.dashboard.browser;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.SyntheticScene;
import java.io.IOException;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.chrome.ChromeDriver;

/**
 * The lifecycle of the browser tests that run in order on one page: one {@link DashboardInBrowser}
 * for the whole class, started before the first test and closed after the last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardPageTest {

  private final UnaryOperator<DashboardOptions> options;
  private final int width;
  private final int height;
  DashboardInBrowser page;
  ChromeDriver browser;
  long nextSequence;

  /**
   * The dashboard with the options {@code options} makes of the defaults, the window {@code width x
   * height}; the first frame published is number {@code firstSequence}.
   */
  DashboardPageTest(
      UnaryOperator<DashboardOptions> options, int width, int height, long firstSequence) {
    this.options = options;
    this.width = width;
    this.height = height;
    this.nextSequence = firstSequence;
  }

  @BeforeAll
  void startBrokerDashboardAndBrowser() throws Exception {
    page = DashboardInBrowser.start(options, width, height);
    browser = page.browser();
  }

  @AfterAll
  void stopEverything() throws IOException {
    if (page != null) {
      page.close();
    }
  }

  /**
   * Publishes the next frame of {@code camera}, its mask and their stats, as the pipeline would;
   * their number.
   */
  long publishFrameMaskAndStats(String camera) throws Exception {
    long sequence = nextSequence++;
    long capture = System.currentTimeMillis();
    page.producer().frame(SyntheticScene.frame(camera, sequence, capture)).get();
    MaskRecord mask = SyntheticScene.mask(camera, sequence, capture, System.currentTimeMillis());
    page.producer().mask(mask).get();
    page.producer().stats(MaskStats.of(mask)).get();
    return sequence;
  }

  Object js(String script, Object... args) {
    return page.js(script, args);
  }
}
