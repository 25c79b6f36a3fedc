package dev.scenelabeler.connectors.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class KafkaCommandIT {

  private static final Pattern READY =
      Pattern.compile("Kafka broker ready at (127\\.0\\.0\\.1:\\d+)");

  @Test
  void shouldRunBrokerWithDefaultTopicsUntilStopped() throws Exception {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new KafkaCommand());
    cli.setOut(new PrintWriter(out, true));
    AtomicInteger exitCode = new AtomicInteger(-1);
    Thread runner = new Thread(() -> exitCode.set(cli.execute("--port", "0", "--partitions", "2")));
    runner.start();

    String bootstrap = awaitBootstrap(out);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      Set<String> topics = admin.listTopics().names().get(10, TimeUnit.SECONDS);
      assertThat(topics).contains("frames", "masks", "mask-stats", "frames-dlq");
      assertThat(
              admin
                  .describeTopics(List.of("frames"))
                  .allTopicNames()
                  .get()
                  .get("frames")
                  .partitions())
          .hasSize(2);
    }
    runner.interrupt();
    runner.join(30_000);

    assertThat(runner.isAlive()).isFalse();
    assertThat(exitCode.get()).isZero();
    assertThat(out.toString())
        .contains("topics: frames, masks, mask-stats, frames-dlq (2 partitions each)");
  }

  @Test
  void shouldRefuseZeroPartitionsWithAClearError() {
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new KafkaCommand());
    cli.setErr(new PrintWriter(err, true));

    int exitCode = cli.execute("--partitions", "0");

    assertThat(exitCode).isEqualTo(2);
    assertThat(err.toString()).contains("--partitions must be at least 1, got 0");
  }

  private static String awaitBootstrap(StringWriter out) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 60_000;
    while (System.currentTimeMillis() < deadline) {
      Matcher matcher = READY.matcher(out.toString());
      if (matcher.find() && out.toString().contains("Press Ctrl-C")) {
        return matcher.group(1);
      }
      Thread.sleep(50);
    }
    throw new AssertionError("broker did not report ready within 60 s; output: " + out);
  }
}
