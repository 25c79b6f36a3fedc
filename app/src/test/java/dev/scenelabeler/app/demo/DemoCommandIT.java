package dev.scenelabeler.app.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.cli.SceneLabelerCli;
import dev.scenelabeler.jobs.testing.ListeningSockets;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Smoke test of {@code ./scene-labeler demo --duration}: everything starts, masks flow, everything
 * stops.
 */
class DemoCommandIT {

  @Test
  void shouldRunTheWholeDemoForADurationAndStopEverything() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    ListenerSampler sockets = ListenerSampler.start();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit =
          SceneLabelerCli.newCommandLine()
              .execute(
                  "demo",
                  "--duration",
                  "40",
                  "--model",
                  "untrained:farabet2013",
                  "--kafka-port",
                  "0",
                  "--flink-ui-port",
                  "0",
                  "--dashboard-port",
                  "0",
                  "--prometheus-port",
                  "0",
                  "--status-every",
                  "2",
                  "-p",
                  "1");
    } finally {
      System.setOut(original);
      sockets.stop();
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.println(out);

    assertThat(exit).isZero();
    assertThat(out)
        .contains(
            "Kafka broker", "Flink web UI      http://127.0.0.1:", "Dashboard", "Demo stopped");
    Matcher masks = Pattern.compile("masks\\s+(\\d+) total").matcher(out);
    long last = 0;
    while (masks.find()) {
      last = Long.parseLong(masks.group(1));
    }
    assertThat(last).as("masks read back during the demo").isPositive();
    Matcher broker = Pattern.compile("Kafka broker\\s+127\\.0\\.0\\.1:(\\d+)").matcher(out);
    assertThat(broker.find()).isTrue();
    assertThat(listening(Integer.parseInt(broker.group(1)))).as("broker port still open").isFalse();

    // Every server of the demo (broker and controller, Flink REST and blob server, dashboard;
    // Prometheus is off here) listened on 127.0.0.1 only, as ss -ltnp would have shown it.
    if (ListeningSockets.supported()) {
      System.out.println("[demo] listening sockets seen: " + sockets.seen());
      Matcher ui = Pattern.compile("Flink web UI\\s+http://127\\.0\\.0\\.1:(\\d+)").matcher(out);
      assertThat(ui.find()).isTrue();
      assertThat(sockets.seen())
          .extracting(ListeningSockets.Listener::port)
          .contains(Integer.parseInt(broker.group(1)), Integer.parseInt(ui.group(1)));
      assertThat(sockets.seen())
          .hasSizeGreaterThanOrEqualTo(5)
          .allMatch(ListeningSockets.Listener::loopback);
    }
  }

  /** Collects the listening sockets this JVM opens, sampled every 500 ms while the demo runs. */
  private static final class ListenerSampler {
    private final Set<ListeningSockets.Listener> before;
    private final Set<ListeningSockets.Listener> seen = ConcurrentHashMap.newKeySet();
    private final Thread thread;
    private volatile boolean running = true;

    private ListenerSampler(Set<ListeningSockets.Listener> before) {
      this.before = before;
      this.thread =
          new Thread(
              () -> {
                while (running) {
                  sample();
                  try {
                    Thread.sleep(500);
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              },
              "listener-sampler");
      thread.setDaemon(true);
    }

    static ListenerSampler start() {
      ListenerSampler sampler =
          new ListenerSampler(
              ListeningSockets.supported() ? ListeningSockets.ofThisProcess() : Set.of());
      if (ListeningSockets.supported()) {
        sampler.thread.start();
      }
      return sampler;
    }

    private void sample() {
      for (ListeningSockets.Listener listener : ListeningSockets.ofThisProcess()) {
        if (!before.contains(listener)) {
          seen.add(listener);
        }
      }
    }

    void stop() throws InterruptedException {
      running = false;
      thread.join(5_000);
    }

    Set<ListeningSockets.Listener> seen() {
      return seen;
    }
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
