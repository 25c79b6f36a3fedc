package dev.scenelabeler.jobs.demo;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A Flink cluster inside this JVM for the demo and the benchmark, listening on 127.0.0.1. */
public final class LocalFlink {

  private LocalFlink() {}

  /**
   * A local environment with {@code slots} task slots, the web UI on {@code uiPort} (0: no UI)
   * and Prometheus metrics on {@code prometheusPort} (0: none).
   */
  public static StreamExecutionEnvironment environment(int slots, int uiPort, int prometheusPort) {
    Configuration conf = new Configuration();
    conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    // Size in-flight buffers to ~1 s of throughput: with ~100 ms per frame, fixed 32 KB
    // buffers would queue seconds of frames in front of each checkpoint barrier.
    conf.setString("taskmanager.network.memory.buffer-debloat.enabled", "true");
    if (prometheusPort > 0) {
      conf.setString("metrics.reporter.prom.factory.class", LoopbackPrometheusReporter.Factory.class.getName());
      conf.setString("metrics.reporter.prom.port", Integer.toString(prometheusPort));
    }
    if (uiPort > 0) {
      conf.set(RestOptions.BIND_PORT, Integer.toString(uiPort));
      return StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
    }
    conf.set(RestOptions.BIND_PORT, "0");
    return StreamExecutionEnvironment.createLocalEnvironment(slots, conf);
  }

  /** {@code preferred} if it is free on 127.0.0.1, else a free port. */
  public static int freePort(int preferred) {
    if (preferred > 0) {
      try (ServerSocket socket = new ServerSocket(preferred, 1, InetAddress.getByName("127.0.0.1"))) {
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
}
