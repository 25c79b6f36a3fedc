package dev.scenelabeler.jobs.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink cluster inside this JVM (a MiniCluster) for {@code stream}, {@code label-video}, the demo
 * and the benchmark, every server of it listening on 127.0.0.1 only.
 */
public final class LocalFlink {

  private static final Logger LOG = LoggerFactory.getLogger(LocalFlink.class);

  /** Where the local cluster's servers listen. */
  public static final String LOOPBACK = "127.0.0.1";

  private LocalFlink() {}

  /**
   * Settings that keep every server of a local cluster on {@link #LOOPBACK}: the REST API and web
   * UI, the blob server (it binds {@code jobmanager.bind-host}, the wildcard address when unset)
   * and the RPC and data endpoints, should the cluster open any. The REST port is 0 (any free
   * port); callers may set another.
   */
  public static Configuration loopbackConfiguration() {
    Configuration conf = new Configuration();
    conf.set(RestOptions.ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_ADDRESS, LOOPBACK);
    conf.set(RestOptions.BIND_PORT, "0");
    conf.set(JobManagerOptions.ADDRESS, LOOPBACK);
    conf.set(JobManagerOptions.BIND_HOST, LOOPBACK);
    conf.set(TaskManagerOptions.HOST, LOOPBACK);
    conf.set(TaskManagerOptions.BIND_HOST, LOOPBACK);
    return conf;
  }

  /**
   * A local environment on {@code conf} (see {@link #loopbackConfiguration()}) with the default
   * local parallelism (the CPU cores) and as many slots as the job needs.
   */
  public static StreamExecutionEnvironment environment(Configuration conf) {
    return StreamExecutionEnvironment.createLocalEnvironment(conf);
  }

  /**
   * A local environment with {@code slots} task slots, the web UI on {@code uiPort} (0: no UI) and
   * Prometheus metrics on {@code prometheusPort} (0: none).
   */
  public static StreamExecutionEnvironment environment(int slots, int uiPort, int prometheusPort) {
    Configuration conf = loopbackConfiguration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    // Size in-flight buffers to ~1 s of throughput: with ~100 ms per frame, fixed 32 KB
    // buffers would queue seconds of frames in front of each checkpoint barrier.
    conf.setString("taskmanager.network.memory.buffer-debloat.enabled", "true");
    if (prometheusPort > 0) {
      conf.setString(
          "metrics.reporter.prom.factory.class",
          LoopbackPrometheusReporter.Factory.class.getName());
      conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
    }
    if (uiPort > 0) {
      conf.set(RestOptions.BIND_PORT, Integer.toString(uiPort));
      return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }
    return StreamExecutionEnvironment.createLocalEnvironment(slots, conf);
  }

  /** {@code preferred} if it is free on 127.0.0.1, else a free port. */
  public static int freePort(int preferred) {
    if (preferred > 0) {
      try (ServerSocket socket =
          new ServerSocket(preferred, 1, InetAddress.getByName("127.0.0.1"))) {
        return preferred;
      } catch (IOException taken) {
        // fall through to any free port
      }
    }
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port on 127.0.0.1", e);
    }
  }

  /** Cancels the job and waits until its tasks (and their Kafka clients) are gone. */
  public static void cancel(JobClient job) {
    try {
      job.cancel().get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("Cancelling the job: {}", e.toString()); // already finished or failed
    }
    try {
      job.getJobExecutionResult().get(60, TimeUnit.SECONDS);
    } catch (Exception expected) {
      // a cancelled job ends "exceptionally": that is the end we waited for
    }
  }
}
