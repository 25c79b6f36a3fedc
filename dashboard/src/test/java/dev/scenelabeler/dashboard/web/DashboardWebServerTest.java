package dev.scenelabeler.dashboard.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.dashboard.DashboardOptions;
import dev.scenelabeler.dashboard.DashboardServer;
import dev.scenelabeler.dashboard.feed.Feed;
import dev.scenelabeler.dashboard.feed.FeedListener;
import dev.scenelabeler.dashboard.feed.FrameUpdate;
import dev.scenelabeler.dashboard.feed.MaskUpdate;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The web side with a feed the test drives itself: no Kafka, no browser. */
class DashboardWebServerTest {

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final AtomicReference<FeedListener> feed = new AtomicReference<>();
  private DashboardServer server;

  @BeforeEach
  void start() {
    DashboardOptions options = DashboardOptions.defaults("unused:9092").withPort(0);
    server =
        DashboardServer.start(
            options,
            listener -> {
              feed.set(listener);
              return new Feed() {
                @Override
                public boolean awaitReady(Duration timeout) {
                  return true;
                }

                @Override
                public void close() {}
              };
            });
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(server.uri().resolve(path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void shouldListenOnLoopbackByDefault() {
    assertThat(server.uri().getHost()).isEqualTo("127.0.0.1");
    assertThat(server.port()).isPositive();
  }

  @Test
  void shouldServeThePageAndItsScriptFromTheClassPath() throws Exception {
    HttpResponse<String> page = get("/");
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
    assertThat(page.body()).contains("/static/dashboard.js").doesNotContain("http://", "https://");

    HttpResponse<String> script = get("/static/dashboard.js");
    assertThat(script.statusCode()).isEqualTo(200);
    assertThat(script.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/javascript"));
  }

  @Test
  void shouldAnswerNotFoundOutsideTheStaticFiles() throws Exception {
    for (String path :
        List.of(
            "/static/../DashboardServer.class",
            "/static/%2e%2e/x",
            "/static/",
            "/nope.html",
            "/static/missing.js")) {
      assertThat(get(path).statusCode()).as(path).isEqualTo(404);
    }
  }

  @Test
  void shouldStreamASnapshotThenEachNewMaskAsServerSentEvents() throws Exception {
    HttpResponse<InputStream> events =
        http.send(
            HttpRequest.newBuilder(server.uri().resolve("/events")).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(events.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
    try (BufferedReader lines =
        new BufferedReader(new InputStreamReader(events.body(), StandardCharsets.UTF_8))) {
      assertThat(lines.readLine()).isEqualTo("event: snapshot");
      assertThat(lines.readLine()).startsWith("data: {").contains("\"cameras\":[]");

      feed.get().onFrame(new FrameUpdate("cam-7", 3, 1_000, new byte[] {1, 2, 3}, "image/jpeg"));
      feed.get()
          .onMask(
              new MaskUpdate(
                  "cam-7",
                  3,
                  900,
                  1_000,
                  2,
                  1,
                  new byte[] {9, 9},
                  List.of("sky", "road"),
                  new int[] {0x4A90E2, 0x8C8C8C},
                  new float[] {0.5f, 0.5f},
                  0.7f));

      String event = nextEvent(lines, "view");
      assertThat(event)
          .contains(
              "\"camera\":\"cam-7\"", "\"sequence\":3", "\"palette\":[\"#4a90e2\",\"#8c8c8c\"]")
          .contains(
              "\"maskPng\":\"CQk=\"",
              "\"frame\":{\"sequence\":3,\"mime\":\"image/jpeg\",\"data\":\"AQID\"}");
      assertThat(nextEvent(lines, "tick")).contains("\"camera\":\"cam-7\"", "\"status\":\"LIVE\"");
    }
  }

  private static String nextEvent(BufferedReader lines, String name) throws Exception {
    for (String line = lines.readLine(); line != null; line = lines.readLine()) {
      if (line.equals("event: " + name)) {
        return lines.readLine();
      }
    }
    throw new AssertionError("stream ended before a '" + name + "' event");
  }
}
