package dev.scenelabeler.dashboard.browser;

import static dev.scenelabeler.dashboard.browser.DashboardInBrowser.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.dashboard.SyntheticScene;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The dashboard in headless Chromium, fed by a real (embedded) Kafka broker: records go into Kafka
 * with a producer, and the test looks at what the page shows. The tests run in order on one page,
 * as a person would watch it: first mask, class toggle, chart, second camera, latency, a stopped
 * camera, and the broker going away and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserIT extends DashboardPageTest {

  /** Screenshot colours of the mask at full opacity: exact but for rounding in compositing. */
  private static final int COLOUR_TOLERANCE = 3;

  DashboardBrowserIT() {
    super(options -> options.withStaleAfter(Duration.ofSeconds(3)), 1600, 1000, 100);
  }

  @Test
  @Order(1)
  void shouldDrawThePublishedMaskInThePaletteColoursAtTheRightPixels() throws Exception {
    publishAndWaitUntilDrawnLive("cam-north");
    setOpacityPercent(100);

    BufferedImage screen = screenshot();
    for (int row = 0; row < SyntheticScene.ROWS; row++) {
      for (int column = 0; column < SyntheticScene.COLUMNS; column++) {
        int classIndex = SyntheticScene.classOfCell(column, row);
        assertThat(pixelAtMaskCell(screen, "cam-north", column, row))
            .as(
                "cell (%d,%d) should show %s",
                column, row, SyntheticScene.LABEL_SET.classNames().get(classIndex))
            .satisfies(rgb -> assertColour(rgb, SyntheticScene.LABEL_SET.rgb(classIndex)));
      }
    }
    assertThat(legendNames()).containsExactlyElementsOf(SyntheticScene.LABEL_SET.classNames());
  }

  @Test
  @Order(2)
  void shouldShowTheFrameWhereAClassIsToggledOff() throws Exception {
    WebElement skyToggle =
        browser.findElement(By.cssSelector("#legend button[data-class-index='0']"));
    skyToggle.click();
    BufferedImage hidden = screenshot();
    skyToggle.click();
    BufferedImage shown = screenshot();

    assertColour(pixelAtMaskCell(hidden, "cam-north", 0, 0), SyntheticScene.FRAME_GREY, 16);
    assertColour(pixelAtMaskCell(hidden, "cam-north", 1, 0), SyntheticScene.LABEL_SET.rgb(1));
    assertColour(pixelAtMaskCell(shown, "cam-north", 0, 0), SyntheticScene.LABEL_SET.rgb(0));
  }

  @Test
  @Order(3)
  void shouldUpdateTheChartAndRatesAsMasksArrive() throws Exception {
    int pointsBefore = chartPoints("cam-north");
    long until = System.currentTimeMillis() + 3_500;
    while (System.currentTimeMillis() < until) {
      publishFrameMaskAndStats("cam-north");
      Thread.sleep(125);
    }
    waitFor("chart of cam-north gained points", () -> chartPoints("cam-north") >= pointsBefore + 3);
    waitFor("frames/s shown", () -> !cardText("cam-north", ".m-fps").equals("0.0"));
    assertThat(cardText("cam-north", ".m-p50")).endsWith("ms");
    assertThat(cardText("cam-north", ".m-p99")).endsWith("ms");
    assertThat(cardStatus("cam-north")).isEqualTo("LIVE");
    // The chart is painted in the palette: the top band (sky, the first class) right of centre.
    assertThat(chartHasColour("cam-north", SyntheticScene.LABEL_SET.rgb(0))).isTrue();
  }

  @Test
  @Order(4)
  void shouldAddASecondCameraToTheGrid() throws Exception {
    publishAndWaitUntilDrawnLive("cam-south");

    List<WebElement> cards = browser.findElements(By.cssSelector(".card"));
    assertThat(cards)
        .extracting(c -> c.getAttribute("data-camera"))
        .containsExactly("cam-north", "cam-south");
    BufferedImage screen = screenshot();
    assertColour(pixelAtMaskCell(screen, "cam-south", 2, 1), SyntheticScene.LABEL_SET.rgb(5));
    assertColour(pixelAtMaskCell(screen, "cam-north", 2, 1), SyntheticScene.LABEL_SET.rgb(5));
  }

  @Test
  @Order(5)
  void shouldShowAMaskOnScreenSoonAfterItReachesKafka() throws Exception {
    int masks = 40;
    long[] ackedAtMs = new long[masks];
    long[] recordTimestampMs = new long[masks];
    long[] sequences = new long[masks];
    for (int i = 0; i < masks; i++) {
      sequences[i] = nextSequence++;
      long capture = System.currentTimeMillis();
      page.producer().frame(SyntheticScene.frame("cam-south", sequences[i], capture)).get();
      MaskRecord mask =
          SyntheticScene.mask("cam-south", sequences[i], capture, System.currentTimeMillis());
      RecordMetadata metadata = page.producer().mask(mask).get();
      ackedAtMs[i] = System.currentTimeMillis();
      recordTimestampMs[i] = metadata.timestamp();
      Thread.sleep(100); // 10 frames/s, a camera's pace
    }
    long last = sequences[masks - 1];
    waitForDraw("cam-south", last);

    List<Long> fromRecord = new ArrayList<>();
    List<Long> fromAck = new ArrayList<>();
    for (int i = 0; i < masks; i++) {
      Double shownAt = shownAtMs("cam-south", sequences[i]);
      if (shownAt != null) {
        fromRecord.add(Math.round(shownAt - recordTimestampMs[i]));
        fromAck.add(Math.round(shownAt - ackedAtMs[i]));
      }
    }
    String report =
        String.format(
            "Kafka -> browser latency over %d of %d masks at 10/s: from record timestamp p50 %d ms,"
                + " p95 %d ms, max %d ms; from producer ack p50 %d ms, p95 %d ms, max %d ms",
            fromRecord.size(),
            masks,
            percentile(fromRecord, 50),
            percentile(fromRecord, 95),
            percentile(fromRecord, 100),
            percentile(fromAck, 50),
            percentile(fromAck, 95),
            percentile(fromAck, 100));
    System.out.println("[dashboard] " + report);
    // At a camera's pace nothing should be coalesced away: every mask reached the screen.
    assertThat(fromRecord).as(report).hasSize(masks);
    assertThat(fromRecord).as(report).allSatisfy(ms -> assertThat(ms).isGreaterThanOrEqualTo(0));
  }

  @Test
  @Order(6)
  void shouldDrawAMaskThatComesSecondsAfterItsFrameOverThatFrameAndShowSkippedFrames()
      throws Exception {
    // A live job behind its camera: 90 frames at 15/s, then the mask of the first of them, 6 s
    // late;
    // the job skipped 30 frames before it.
    long first = nextSequence;
    for (int i = 0; i < 90; i++) {
      long sequence = nextSequence++;
      page.producer()
          .frame(SyntheticScene.frame("cam-west", sequence, System.currentTimeMillis()))
          .get();
      Thread.sleep(66);
    }
    MaskRecord late =
        SyntheticScene.mask(
            "cam-west", first, System.currentTimeMillis() - 6_000, System.currentTimeMillis());
    page.producer().mask(late).get();
    page.producer().stats(MaskStats.of(late, 30)).get();

    waitForDraw("cam-west", first); // drawn with its own frame, not "frame not received"
    waitFor(
        "skipped/s shown",
        () ->
            !cardText("cam-west", ".m-skip").equals("0.0")
                && !cardText("cam-west", ".m-skip").equals("–"));
    System.out.println(
        "[dashboard] mask 6 s and 89 frames after its frame drawn over it; skipped/s shows "
            + cardText("cam-west", ".m-skip"));
  }

  @Test
  @Order(7)
  void shouldNameAndColourTheChartOfACameraWhoseStatsComeBeforeItsMasks() throws Exception {
    // Stats are not held back by transactions: a camera's numbers may come before its first mask.
    long until = System.currentTimeMillis() + 2_500;
    while (System.currentTimeMillis() < until) {
      long sequence = nextSequence++;
      MaskRecord mask =
          SyntheticScene.mask(
              "cam-east", sequence, System.currentTimeMillis() - 40, System.currentTimeMillis());
      page.producer().stats(MaskStats.of(mask)).get();
      Thread.sleep(200);
    }
    waitFor("chart of cam-east has points", () -> chartPoints("cam-east") >= 1);
    waitFor("chart legend of cam-east has entries", () -> !chartLegend("cam-east").isEmpty());

    String legend = chartLegend("cam-east");
    for (String name : SyntheticScene.LABEL_SET.classNames()) {
      assertThat(legend).contains(name);
    }
    assertThat(legend).doesNotContain("class 0");
    Object swatch =
        js(
            "const s = document.querySelector(`.card[data-camera='cam-east'] .shares"
                + " .share[data-class-index='0'] .swatch`);return s ?"
                + " getComputedStyle(s).backgroundColor : '';");
    int sky = SyntheticScene.LABEL_SET.rgb(0);
    assertThat(swatch)
        .isEqualTo(
            String.format("rgb(%d, %d, %d)", (sky >> 16) & 255, (sky >> 8) & 255, sky & 255));
    // The chart's areas are filled from the same palette as the swatches.
    assertThat(js("return window.sceneDashboard.cameras.get('cam-east').palette[0];"))
        .isEqualTo(String.format("#%06x", sky));
  }

  @Test
  @Order(8)
  void shouldShowACameraThatStoppedSendingAsStale() throws Exception {
    publishFrameMaskAndStats("cam-south");
    long until = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < until) { // cam-north keeps going, cam-south has stopped
      publishFrameMaskAndStats("cam-north");
      Thread.sleep(200);
    }
    waitFor("cam-south marked stale", () -> cardStatus("cam-south").equals("STALE"));
    assertThat(cardText("cam-south", ".status")).startsWith("STALE");
    assertThat(cardText("cam-south", ".stage-note")).contains("nothing from this camera");
    assertThat(cardStatus("cam-north")).isEqualTo("LIVE");
  }

  @Test
  @Order(9)
  void shouldSayTheBrokerIsGoneAndRecoverWhenItIsBack() throws Exception {
    page.stopBroker();
    waitFor(
        "page says the broker is unreachable",
        () -> browser.findElement(By.id("broker")).getText().toLowerCase().contains("unreachable"));

    page.restartBroker();
    waitFor(
        "page says the broker is back",
        () -> browser.findElement(By.id("broker")).getText().toLowerCase().contains("ok"));
    // A live camera keeps sending; the dashboard shows its masks again once it has rejoined.
    long deadline = System.currentTimeMillis() + DashboardInBrowser.WAIT.toMillis();
    long sequence = -1;
    while (System.currentTimeMillis() < deadline) {
      sequence = publishFrameMaskAndStats("cam-north");
      if (shownAtMsWithin("cam-north", sequence, 500)) {
        break;
      }
    }
    waitForDraw("cam-north", sequence);
    waitFor("cam-north live again", () -> cardStatus("cam-north").equals("LIVE"));
  }

  // ---------- publishing ----------

  private void publishAndWaitUntilDrawnLive(String camera) throws Exception {
    long sequence = publishFrameMaskAndStats(camera);
    waitForDraw(camera, sequence);
    waitFor(camera + " live", () -> cardStatus(camera).equals("LIVE"));
  }

  // ---------- the browser ----------

  private void waitForDraw(String camera, long sequence) throws InterruptedException {
    waitFor(
        camera + " #" + sequence + " drawn with its frame",
        () -> shownAtMs(camera, sequence) != null);
  }

  private Double shownAtMs(String camera, long sequence) {
    Object shown =
        js(
            "const d = window.sceneDashboard.draws.find(d => d.camera === arguments[0] &&"
                + " d.sequence === arguments[1] && d.withFrame);return d ? d.shownAtMs : null;",
            camera,
            sequence);
    return shown == null ? null : ((Number) shown).doubleValue();
  }

  private boolean shownAtMsWithin(String camera, long sequence, long ms)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + ms;
    while (System.currentTimeMillis() < deadline) {
      if (shownAtMs(camera, sequence) != null) {
        return true;
      }
      Thread.sleep(50);
    }
    return false;
  }

  private void setOpacityPercent(int percent) {
    js(
        "const s = document.getElementById('opacity'); s.value = arguments[0];"
            + "s.dispatchEvent(new Event('input'));",
        percent);
  }

  private List<String> legendNames() {
    return browser.findElements(By.cssSelector("#legend button")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private int chartPoints(String camera) {
    Object points =
        js(
            "const c = document.querySelector(`.card[data-camera='${arguments[0]}'] .chart`);"
                + "return c && c.dataset.points ? Number(c.dataset.points) : 0;",
            camera);
    return ((Number) points).intValue();
  }

  private boolean chartHasColour(String camera, int rgb) {
    Object found =
        js(
            "const c = document.querySelector(`.card[data-camera='${arguments[0]}'] .chart`);const"
                + " d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;const r ="
                + " (arguments[1] >> 16) & 255, g = (arguments[1] >> 8) & 255, b = arguments[1] &"
                + " 255;for (let i = 0; i < d.length; i += 4) {  if (Math.abs(d[i]-r) <= 2 &&"
                + " Math.abs(d[i+1]-g) <= 2 && Math.abs(d[i+2]-b) <= 2 && d[i+3] === 255) return"
                + " true;}return false;",
            camera,
            rgb);
    return Boolean.TRUE.equals(found);
  }

  /** The chart's legend as text, whether or not the card shows it whole. */
  private String chartLegend(String camera) {
    return String.valueOf(
        js(
            "const s = document.querySelector(`.card[data-camera='${arguments[0]}'] .shares`);"
                + "return s ? s.textContent : '';",
            camera));
  }

  private String cardText(String camera, String selector) {
    return browser
        .findElement(By.cssSelector(".card[data-camera='" + camera + "'] " + selector))
        .getText();
  }

  private String cardStatus(String camera) {
    Object status =
        js(
            "const c = document.querySelector(`.card[data-camera='${arguments[0]}']`);"
                + "return c ? (c.dataset.status || '') : '';",
            camera);
    return String.valueOf(status);
  }

  private BufferedImage screenshot() throws IOException {
    // Let the compositor put the last drawing on screen before capturing.
    js("return new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));");
    byte[] png = browser.getScreenshotAs(OutputType.BYTES);
    return ImageIO.read(new ByteArrayInputStream(png));
  }

  /** The screenshot pixel at the centre of a mask cell of a camera's card. */
  @SuppressWarnings("unchecked")
  private int pixelAtMaskCell(BufferedImage screen, String camera, int column, int row) {
    Map<String, Object> rect =
        (Map<String, Object>)
            js(
                "const c = document.querySelector(`.card[data-camera='${arguments[0]}']"
                    + " .mask-layer`);const r = c.getBoundingClientRect();return {left: r.left,"
                    + " top: r.top, width: r.width, height: r.height, dpr:"
                    + " window.devicePixelRatio};",
                camera);
    double dpr = ((Number) rect.get("dpr")).doubleValue();
    double width = ((Number) rect.get("width")).doubleValue();
    double height = ((Number) rect.get("height")).doubleValue();
    // The canvas is drawn with object-fit: contain, so the mask may sit inside bars.
    double scale = Math.min(width / SyntheticScene.WIDTH, height / SyntheticScene.HEIGHT);
    double left =
        ((Number) rect.get("left")).doubleValue() + (width - SyntheticScene.WIDTH * scale) / 2;
    double top =
        ((Number) rect.get("top")).doubleValue() + (height - SyntheticScene.HEIGHT * scale) / 2;
    int[] centre = SyntheticScene.cellCentre(column, row);
    double x = left + centre[0] * scale;
    double y = top + centre[1] * scale;
    return screen.getRGB((int) Math.round(x * dpr), (int) Math.round(y * dpr)) & 0xFFFFFF;
  }

  private static void assertColour(int actualRgb, int expectedRgb) {
    assertColour(actualRgb, expectedRgb, COLOUR_TOLERANCE);
  }

  private static void assertColour(int actualRgb, int expectedRgb, int tolerance) {
    for (int shift = 0; shift <= 16; shift += 8) {
      int actual = (actualRgb >> shift) & 0xFF;
      int expected = (expectedRgb >> shift) & 0xFF;
      assertThat(Math.abs(actual - expected))
          .as("colour #%06x should be #%06x (±%d per channel)", actualRgb, expectedRgb, tolerance)
          .isLessThanOrEqualTo(tolerance);
    }
  }

  private static long percentile(List<Long> values, int percent) {
    if (values.isEmpty()) {
      return -1;
    }
    long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
    int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
    return sorted[Math.max(0, rank - 1)];
  }
}
