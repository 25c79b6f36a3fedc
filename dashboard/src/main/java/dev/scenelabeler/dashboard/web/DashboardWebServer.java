package dev.scenelabeler.dashboard.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.scenelabeler.dashboard.state.CameraView;
import dev.scenelabeler.dashboard.state.DashboardState;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The page, its scripts, and the event stream, on the JDK's own HTTP server: the dashboard needs
 * three routes and one long-lived response per page, which that server does in a few lines without
 * another dependency.
 *
 * <ul>
 *   <li>{@code /} and {@code /static/*}: the page, served from the class path (works offline)
 *   <li>{@code /events}: server-sent events: {@code snapshot} on connect, then {@code view} (a
 *       camera's latest frame and mask) and {@code tick} (metrics, once a second)
 *   <li>{@code /api/state}: the same metrics as JSON, for scripts and health checks
 * </ul>
 */
public final class DashboardWebServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DashboardWebServer.class);
  private static final String RESOURCES = "/dev/scenelabeler/dashboard/web/";
  private static final Pattern STATIC_NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");
  private static final Map<String, String> CONTENT_TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "png", "image/png");

  static {
    // The JDK server leaves Nagle's algorithm on, which can hold the tail of an event for tens
    // of milliseconds; events must reach the page as they happen. Read once, when the server
    // classes load, so it is set here before the first HttpServer.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer server;
  private final ExecutorService executor;
  private final DashboardState state;
  private final SseHub hub = new SseHub();

  private DashboardWebServer(HttpServer server, ExecutorService executor, DashboardState state) {
    this.server = server;
    this.executor = executor;
    this.state = state;
  }

  /** Starts serving {@code state} on {@code host:port} (port 0: any free port). */
  public static DashboardWebServer start(String host, int port, DashboardState state) {
    HttpServer server;
    try {
      server = HttpServer.create(new InetSocketAddress(host, port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not listen on " + host + ":" + port + " (" + e.getMessage() + ")", e);
    }
    // Each open page holds a thread for its event stream; pages are few (wall screens).
    AtomicInteger threads = new AtomicInteger();
    ExecutorService executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "dashboard-http-" + threads.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    DashboardWebServer web = new DashboardWebServer(server, executor, state);
    server.createContext("/", web::serveStatic);
    server.createContext("/events", web::serveEvents);
    server.createContext("/api/state", web::serveState);
    server.setExecutor(executor);
    server.start();
    return web;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** Pages connected to the event stream now. */
  public int connectedPages() {
    return hub.size();
  }

  /** Pushes a camera's new frame and mask to every page. */
  public void publishView(CameraView view) {
    if (hub.size() > 0) {
      hub.broadcast("view:" + view.camera(), SseClient.event("view", EventJson.view(view)));
    }
  }

  /** Pushes the current metrics to every page. */
  public void publishTick() {
    String event = SseClient.event("tick", EventJson.tick(state.tick()));
    hub.broadcast("tick", event);
  }

  @Override
  public void close() {
    hub.closeAll();
    server.stop(0);
    executor.shutdownNow();
  }

  private void serveEvents(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(200, 0);
    SseClient client = new SseClient();
    // Join the hub before taking the snapshot, so nothing that happens in between is missed.
    hub.add(client);
    client.offer("snapshot", SseClient.event("snapshot", EventJson.tick(state.snapshot())));
    for (CameraView view : state.latestViews()) {
      client.offer("view:" + view.camera(), SseClient.event("view", EventJson.view(view)));
    }
    try (OutputStream out = exchange.getResponseBody()) {
      client.pump(out);
    } catch (IOException e) {
      LOG.debug("page left the event stream: {}", e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      hub.remove(client);
      exchange.close();
    }
  }

  private void serveState(HttpExchange exchange) throws IOException {
    respond(
        exchange,
        200,
        "application/json",
        EventJson.tick(state.snapshot()).getBytes(StandardCharsets.UTF_8));
  }

  private void serveStatic(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    String name =
        path.equals("/") ? "index.html" : path.startsWith("/static/") ? path.substring(8) : "";
    if (!"GET".equals(exchange.getRequestMethod()) || !STATIC_NAME.matcher(name).matches()) {
      respond(exchange, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
      return;
    }
    try (InputStream in = DashboardWebServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        respond(
            exchange, 404, "text/plain", ("not found: " + path).getBytes(StandardCharsets.UTF_8));
        return;
      }
      String extension = name.substring(name.lastIndexOf('.') + 1);
      respond(
          exchange,
          200,
          CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"),
          in.readAllBytes());
    }
  }

  private static void respond(HttpExchange exchange, int status, String contentType, byte[] body)
      throws IOException {
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.getResponseHeaders().set("Cache-Control", "no-store");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }
}
