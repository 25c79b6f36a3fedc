package dev.scenelabeler.jobs.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scenelabeler.jobs.testing.ListeningSockets;
import dev.scenelabeler.jobs.testing.ListeningSockets.Listener;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The local Flink clusters of {@code demo} (web UI and Prometheus on) and of {@code stream} and
 * {@code label-video} ({@link LocalFlink#loopbackConfiguration()}) listen on 127.0.0.1 only: every
 * listening socket this JVM opens while a job runs on them, read from /proc as {@code ss -ltnp}
 * does.
 */
class LocalFlinkLoopbackIT {

  @BeforeAll
  static void linuxOnly() {
    assumeTrue(ListeningSockets.supported(), "needs Linux /proc/net/tcp");
  }

  @Test
  void shouldSeeAWildcardListenerAsNotLoopback() throws Exception {
    try (ServerSocket wildcard = new ServerSocket()) {
      wildcard.bind(new InetSocketAddress(0));
      Listener found =
          ListeningSockets.ofThisProcess().stream()
              .filter(l -> l.port() == wildcard.getLocalPort())
              .findFirst()
              .orElseThrow();
      assertThat(found.loopback()).as("%s", found).isFalse();
    }
  }

  @Test
  void shouldListenOnlyOnLoopbackInTheDemosClusterWithWebUiAndPrometheus() throws Exception {
    int uiPort = LocalFlink.freePort(0);
    int prometheusPort = LocalFlink.freePort(0);
    Set<Listener> opened =
        listenersWhileAJobRuns(LocalFlink.environment(1, uiPort, prometheusPort));
    assertThat(opened).extracting(Listener::port).contains(uiPort, prometheusPort);
    assertThat(opened).allMatch(Listener::loopback, "bound to 127.0.0.1");
  }

  @Test
  void shouldListenOnlyOnLoopbackInTheClusterOfStreamAndLabelVideo() throws Exception {
    Set<Listener> opened =
        listenersWhileAJobRuns(LocalFlink.environment(LocalFlink.loopbackConfiguration()));
    assertThat(opened).as("REST endpoint and blob server at least").hasSizeGreaterThanOrEqualTo(2);
    assertThat(opened).allMatch(Listener::loopback, "bound to 127.0.0.1");
  }

  /** The sockets this JVM listens on while a job runs on {@code env} that it did not before. */
  private static Set<Listener> listenersWhileAJobRuns(StreamExecutionEnvironment env)
      throws Exception {
    Set<Listener> before = ListeningSockets.ofThisProcess();
    env.setParallelism(1);
    env.fromSequence(0, Long.MAX_VALUE).map(new Slow()).sinkTo(new DiscardingSink<>());
    JobClient job = env.executeAsync("loopback check");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (job.getJobStatus().get(10, TimeUnit.SECONDS) != JobStatus.RUNNING) {
        assertThat(System.nanoTime()).as("job running within 60 s").isLessThan(deadline);
        Thread.sleep(100);
      }
      Set<Listener> opened = new HashSet<>(ListeningSockets.ofThisProcess());
      opened.removeAll(before);
      System.out.println("[loopback] listening while the job runs: " + opened);
      return opened;
    } finally {
      LocalFlink.cancel(job);
    }
  }

  /** Keeps the job running without burning a core. */
  private static final class Slow implements MapFunction<Long, Long> {
    @Override
    public Long map(Long value) throws InterruptedException {
      Thread.sleep(50);
      return value;
    }
  }
}
