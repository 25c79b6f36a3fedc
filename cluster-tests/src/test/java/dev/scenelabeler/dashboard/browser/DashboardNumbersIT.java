package dev.scenelabeler.dashboard.browser;

import static dev.scenelabeler.dashboard.browser.DashboardInBrowser.waitFor;
import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.dashboard.SyntheticScene;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;

/**
 * The numbers the dashboard shows, checked against the records sent: class shares by class name
 * (from stats records whose keys are not in the label set's order), tiles whose text fits at common
 * screen widths, sixteen cameras, and dead letters with their stage and reason. Headless Chromium,
 * a real (embedded) broker; the tests run in order on one page.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardNumbersIT extends DashboardPageTest {

  /**
   * Shares of a street that is half road, listed as a writer with a hash map lists them: a page
   * that matched shares to classes by position would show sky 29% and road 3%.
   */
  private static final Map<String, Float> STREET_SHARES = new LinkedHashMap<>();

  static {
    STREET_SHARES.put("building", 0.29f);
    STREET_SHARES.put("other", 0.18f);
    STREET_SHARES.put("pedestrian", 0.03f);
    STREET_SHARES.put("road", 0.44f);
    STREET_SHARES.put("tree", 0.02f);
    STREET_SHARES.put("sky", 0.04f);
  }

  private static final String UNKNOWN_CLASS_COLOUR = "rgb(154, 164, 177)";
  private static final int[] WIDTHS = {1280, 1600, 1920};

  DashboardNumbersIT() {
    super(options -> options, 1600, 900, 1);
  }

  @Test
  @Order(1)
  void shouldShowTheSharesOfStatsRecordsByClassNameWhateverTheirKeyOrder() throws Exception {
    // The mask has the same shares as the stats, so whichever of the two the page counts, the
    // truth is the same; only the stats list the classes out of the label set's order.
    for (int i = 0; i < 6; i++) {
      long sequence = nextSequence++;
      long capture = System.currentTimeMillis();
      page.producer().frame(SyntheticScene.frame("cam-shares", sequence, capture)).get();
      MaskRecord mask = maskWithShares("cam-shares", sequence, capture);
      page.producer().mask(mask).get();
      page.producer().stats(statsOf(mask, STREET_SHARES)).get();
      Thread.sleep(250);
    }
    waitFor("shares of cam-shares shown", () -> !shownShares("cam-shares").isEmpty());

    Map<String, Integer> shown = shownShares("cam-shares");
    assertThat(shown.keySet()).containsExactlyElementsOf(SyntheticScene.LABEL_SET.classNames());
    STREET_SHARES.forEach(
        (name, share) ->
            assertThat(Math.abs(shown.get(name) - 100 * share))
                .as("%s shown as %d%%, the records say %.1f%%", name, shown.get(name), 100 * share)
                .isLessThanOrEqualTo(1f));
    for (String name : SyntheticScene.LABEL_SET.classNames()) {
      assertThat(shareSwatch("cam-shares", name))
          .as("swatch of " + name)
          .isEqualTo(
              cssRgb(
                  SyntheticScene.LABEL_SET.rgb(
                      SyntheticScene.LABEL_SET.classNames().indexOf(name))));
    }
    assertThat(
            browser.findElements(By.cssSelector("#legend button")).stream()
                .map(WebElement::getText)
                .toList())
        .containsExactlyElementsOf(SyntheticScene.LABEL_SET.classNames());
  }

  @Test
  @Order(2)
  void shouldShowAClassTheLabelSetDoesNotNameUnderItsNameInANeutralColour() throws Exception {
    Map<String, Float> withBicycles = new LinkedHashMap<>(STREET_SHARES);
    withBicycles.put("road", 0.40f);
    withBicycles.put("bicycle", 0.04f);
    for (int i = 0; i < 6; i++) {
      long sequence = nextSequence++;
      MaskRecord mask = maskWithShares("cam-bikes", sequence, System.currentTimeMillis());
      page.producer().stats(statsOf(mask, withBicycles)).get();
      Thread.sleep(250);
    }
    waitFor("shares of cam-bikes shown", () -> shownShares("cam-bikes").containsKey("bicycle"));

    assertThat(shownShares("cam-bikes")).containsEntry("bicycle", 4).containsEntry("road", 40);
    assertThat(shareSwatch("cam-bikes", "bicycle")).isEqualTo(UNKNOWN_CLASS_COLOUR);
  }

  @Test
  @Order(3)
  void shouldRunTheHeaderClock() throws Exception {
    String first = browser.findElement(By.id("clock")).getText();
    assertThat(first).matches("\\d\\d:\\d\\d:\\d\\d");
    waitFor("clock moved on", () -> !browser.findElement(By.id("clock")).getText().equals(first));
  }

  @Test
  @Order(4)
  void shouldFitTheLargestValuesInEveryTileAtCommonWidthsWithTwoAndFourCameras() throws Exception {
    assertTilesFitAtEveryWidth(2);
    for (String camera : List.of("cam-c", "cam-d")) {
      publishFrameMaskAndStats(camera);
    }
    waitFor("four cards", () -> cards().size() == 4);
    assertTilesFitAtEveryWidth(4);
  }

  @Test
  @Order(5)
  void shouldShowAndUpdateSixteenCamerasAndFocusOne() throws Exception {
    browser.manage().window().setSize(new Dimension(1920, 1080));
    List<String> all = new ArrayList<>(List.of("cam-shares", "cam-bikes", "cam-c", "cam-d"));
    for (int i = all.size(); i < 16; i++) {
      all.add(String.format("cam-%02d", i));
    }
    Map<String, Long> first = new LinkedHashMap<>();
    for (String camera : all) {
      first.put(camera, publishFrameMaskAndStats(camera));
    }
    for (String camera : all) {
      waitForDraw(camera, first.get(camera));
    }
    Map<String, Long> second = new LinkedHashMap<>();
    for (String camera : all) {
      second.put(camera, publishFrameMaskAndStats(camera));
    }
    for (String camera : all) {
      waitForDraw(camera, second.get(camera));
    }
    assertThat(cards()).hasSize(16);
    assertThat(js("return document.body.dataset.layout;")).isEqualTo("compact");
    screenshot("dashboard-16-cameras-1920.png");
    // Every picture readable: at least 200 px wide, and every card on the screen without scrolling.
    for (String camera : all) {
      Map<String, Number> stage = rect(".card[data-camera='" + camera + "'] .stage");
      assertThat(stage.get("width").doubleValue())
          .as(camera + " picture width")
          .isGreaterThanOrEqualTo(200);
      assertThat(stage.get("bottom").doubleValue())
          .as(camera + " picture bottom")
          .isLessThanOrEqualTo(1080);
      assertThat(cardText(camera, ".card-keys"))
          .as(camera + " key numbers")
          .contains("/s")
          .contains("p99");
    }

    browser.findElement(By.cssSelector(".card[data-camera='cam-07'] .camera-name")).click();
    waitFor("cam-07 focused", () -> "focus".equals(js("return document.body.dataset.layout;")));
    assertThat(
            cards().stream()
                .filter(WebElement::isDisplayed)
                .map(c -> c.getAttribute("data-camera")))
        .containsExactly("cam-07");
    List<WebElement> rows = browser.findElements(By.cssSelector("#camera-rows tr"));
    assertThat(rows).extracting(r -> r.getAttribute("data-camera")).containsExactlyElementsOf(all);
    assertThat(
            browser
                .findElement(By.cssSelector("#camera-rows tr[data-camera='cam-04'] .l-status"))
                .getText())
        .isEqualTo("live");
    assertTilesFit("16 cameras, cam-07 focused, 1920 px");
    screenshot("dashboard-16-cameras-focus-1920.png");
    browser.findElement(By.id("show-all")).click();
    waitFor(
        "back to all cameras", () -> "compact".equals(js("return document.body.dataset.layout;")));
  }

  @Test
  @Order(6)
  void shouldListDeadLettersWithTheirStageAndReason() throws Exception {
    RawRecord original =
        new RawRecord(
            Topics.FRAMES,
            0,
            17,
            System.currentTimeMillis(),
            "cam-c".getBytes(StandardCharsets.UTF_8),
            new byte[] {1, 2, 3},
            List.of());
    page.producer()
        .deadLetter(
            new DeadLetter(
                original, "decode-image", "not a JPEG: 3 bytes", System.currentTimeMillis()))
        .get();
    waitFor(
        "dead letter counted",
        () -> browser.findElement(By.id("dead-letters")).getText().equals("1"));

    browser.findElement(By.id("dead-letter-toggle")).click();
    WebElement row = browser.findElement(By.cssSelector("#dead-letter-rows tr"));
    assertThat(row.findElements(By.tagName("td")))
        .extracting(WebElement::getText)
        .endsWith("cam-c", "decode-image", "not a JPEG: 3 bytes");
  }

  // ---------- tiles ----------

  private void assertTilesFitAtEveryWidth(int cameras) throws Exception {
    for (int width : WIDTHS) {
      browser.manage().window().setSize(new Dimension(width, width * 9 / 16));
      waitFor(
          "layout at " + width + " px",
          () -> ((Number) js("return window.innerWidth;")).intValue() == width);
      screenshot("dashboard-" + cameras + "-cameras-" + width + ".png");
      assertTilesFit(cameras + " cameras at " + width + " px");
    }
  }

  /**
   * Shows the largest values the tiles are made for (99,999 ms, 999 frames/s, 99,999 frames of
   * backlog and dead letters) through the page's own tick renderer, then measures every tile.
   */
  @SuppressWarnings("unchecked")
  private void assertTilesFit(String when) {
    // One script: a tick from the server must not come between showing the values and measuring.
    Map<String, List<String>> measured =
        (Map<String, List<String>>)
            js(
                "const cams = [...window.sceneDashboard.cameras.values()].map(c => ({  camera:"
                    + " c.id, status: 'LIVE', lastMaskAgoMs: 0, lastFrameAgoMs: 0, masksPerSecond:"
                    + " 999.4,  framesPerSecond: 999, skippedPerSecond: 999.4, latency: {samples:"
                    + " 100, p50Ms: 99999, p99Ms: 99999},  backlogFrames: 99999, deadLetters:"
                    + " 99999, meanConfidence: 1, classNames: c.classNames,  palette: c.palette,"
                    + " sharePoints: []}));window.sceneDashboard.applyTick({nowMs: Date.now(),"
                    + " historySeconds: 300, brokerReachable: true,  brokerStatusSinceMs: 0,"
                    + " consumerLag: 99999, deadLetters: 99999, recentDeadLetters: [], "
                    + " unreadableRecords: 0, lastUnreadableReason: '', cameras: cams});const out ="
                    + " [];for (const el of document.querySelectorAll('.card:not([hidden]) .metric,"
                    + " .card:not([hidden]) .metric .value,    .top-stats, #clock,"
                    + " .card:not([hidden]) .card-head')) {  if (el.offsetParent === null)"
                    + " continue;  if (el.scrollWidth > el.clientWidth + 1)"
                    + " out.push((el.closest('.card')?.dataset.camera || 'top') + ' '    +"
                    + " el.className + ' \"' + el.textContent + '\" ' + el.scrollWidth + ' > ' +"
                    + " el.clientWidth);}const p99 ="
                    + " [...document.querySelectorAll('.card:not([hidden]) .m-p99')].map(e =>"
                    + " e.textContent);return {overflowing: out, p99: p99};");
    assertThat(measured.get("overflowing")).as("tiles whose text overflows, " + when).isEmpty();
    assertThat(measured.get("p99")).as("p99 tiles, " + when).isNotEmpty().containsOnly("100s");
  }

  // ---------- records ----------

  /** A synthetic frame's mask whose class shares are {@link #STREET_SHARES}, row by row. */
  private static MaskRecord maskWithShares(String camera, long sequence, long captureMs) {
    int width = 100;
    int height = 100;
    byte[] classes = new byte[width * height];
    int at = 0;
    List<String> names = SyntheticScene.LABEL_SET.classNames();
    for (String name : names) {
      int pixels = Math.round(STREET_SHARES.get(name) * classes.length);
      for (int i = 0; i < pixels && at < classes.length; i++) {
        classes[at++] = (byte) names.indexOf(name);
      }
    }
    return MaskRecord.builder()
        .setFrame(camera, sequence, captureMs)
        .setLabeledTimestampMs(System.currentTimeMillis())
        .setModel("synthetic", "test")
        .setLabelSet(SyntheticScene.LABEL_SET)
        .setClassIndices(width, height, classes)
        .setMeanConfidence(0.8f)
        .build();
  }

  private static MaskStats statsOf(MaskRecord mask, Map<String, Float> shares) {
    return new MaskStats(
        MaskStats.FORMAT_VERSION,
        mask.cameraId(),
        mask.sequence(),
        mask.captureTimestampMs(),
        mask.labeledTimestampMs(),
        mask.latencyMs(),
        mask.modelId(),
        shares,
        mask.meanConfidence(),
        0,
        false);
  }

  // ---------- the page ----------

  /** The class shares a camera's card lists, by class name, in percent. */
  @SuppressWarnings("unchecked")
  private Map<String, Integer> shownShares(String camera) {
    List<List<Object>> entries =
        (List<List<Object>>)
            js(
                "return [...document.querySelectorAll(`.card[data-camera='${arguments[0]}'] .shares"
                    + " .share`)].map(s => [s.dataset.class, s.querySelector('b').textContent]);",
                camera);
    Map<String, Integer> shares = new LinkedHashMap<>();
    for (List<Object> entry : entries) {
      shares.put(
          (String) entry.get(0), Integer.parseInt(((String) entry.get(1)).replace("%", "").trim()));
    }
    return shares;
  }

  private String shareSwatch(String camera, String className) {
    return String.valueOf(
        js(
            "const s = document.querySelector(`.card[data-camera='${arguments[0]}'] .shares"
                + " .share[data-class='${arguments[1]}'] .swatch`);return s ?"
                + " getComputedStyle(s).backgroundColor : '';",
            camera,
            className));
  }

  private List<WebElement> cards() {
    return browser.findElements(By.cssSelector(".card"));
  }

  private String cardText(String camera, String selector) {
    return String.valueOf(
        js(
            "const e = document.querySelector(`.card[data-camera='${arguments[0]}']"
                + " ${arguments[1]}`);return e ? e.textContent : '';",
            camera,
            selector));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Number> rect(String selector) {
    return (Map<String, Number>)
        js(
            "const r = document.querySelector(arguments[0]).getBoundingClientRect();return {left:"
                + " r.left, top: r.top, width: r.width, height: r.height, bottom: r.bottom};",
            selector);
  }

  private void waitForDraw(String camera, long sequence) throws InterruptedException {
    waitFor(
        camera + " #" + sequence + " drawn with its frame",
        () ->
            js(
                    "return window.sceneDashboard.draws.some(d => d.camera === arguments[0] &&"
                        + " d.sequence === arguments[1] && d.withFrame);",
                    camera,
                    sequence)
                .equals(Boolean.TRUE));
  }

  /** Saves a screenshot beside the test reports, for a person to look at; asserts nothing. */
  private void screenshot(String name) throws IOException {
    Path dir = Path.of("target", "dashboard-screenshots");
    Files.createDirectories(dir);
    Files.write(dir.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
  }

  private static String cssRgb(int rgb) {
    return String.format("rgb(%d, %d, %d)", (rgb >> 16) & 255, (rgb >> 8) & 255, rgb & 255);
  }
}
