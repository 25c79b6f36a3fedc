package dev.scenelabeler.jobs.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.jobs.cli.SceneLabelerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Smoke test of {@code ./scene-labeler demo --duration}: everything starts, masks flow, everything stops. */
class DemoCommandIT {

  @Test
  void shouldRunTheWholeDemoForADurationAndStopEverything() throws Exception {
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      exit = SceneLabelerCli.newCommandLine().execute("demo", "--duration", "40", "--model", "untrained:farabet2013",
          "--kafka-port", "0", "--flink-ui-port", "0", "--dashboard-port", "0", "--prometheus-port", "0",
          "--status-every", "2", "-p", "1");
    } finally {
      System.setOut(original);
    }
    String out = captured.toString(StandardCharsets.UTF_8);
    System.out.println(out);

    assertThat(exit).isZero();
    assertThat(out).contains("Kafka broker", "Flink web UI      http://127.0.0.1:", "Dashboard", "Demo stopped");
    Matcher masks = Pattern.compile("masks\\s+(\\d+) total").matcher(out);
    long last = 0;
    while (masks.find()) {
      last = Long.parseLong(masks.group(1));
    }
    assertThat(last).as("masks read back during the demo").isPositive();
    Matcher broker = Pattern.compile("Kafka broker\\s+127\\.0\\.0\\.1:(\\d+)").matcher(out);
    assertThat(broker.find()).isTrue();
    assertThat(listening(Integer.parseInt(broker.group(1)))).as("broker port still open").isFalse();
  }

  private static boolean listening(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
      return true;
    } catch (java.io.IOException refused) {
      return false;
    }
  }
}
