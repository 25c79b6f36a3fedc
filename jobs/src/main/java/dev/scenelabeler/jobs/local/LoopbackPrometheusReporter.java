package dev.scenelabeler.jobs.local;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.net.InetSocketAddress;
import java.util.Properties;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * Flink's Prometheus reporter, serving {@code /metrics} on 127.0.0.1 only: the stock
 * PrometheusReporter binds every interface, and the servers this project starts listen on the
 * loopback address unless told otherwise. Configure with {@code
 * metrics.reporter.prom.factory.class} = {@link Factory} and {@code .port}.
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

  public static final String HOST = "127.0.0.1";

  private HTTPServer server;
  private final int port;

  LoopbackPrometheusReporter(int port) {
    this.port = port;
  }

  @Override
  public void open(MetricConfig config) {
    super.open(config);
    try {
      server = new HTTPServer(new InetSocketAddress(HOST, port), registry(), true);
      log.info("Prometheus metrics at http://{}:{}/metrics", HOST, server.getPort());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve Prometheus metrics on " + HOST + ":" + port, e);
    }
  }

  /** The collectors the base class registers into; the field has no accessor. */
  private CollectorRegistry registry() {
    try {
      Field field = AbstractPrometheusReporter.class.getDeclaredField("registry");
      field.setAccessible(true);
      return (CollectorRegistry) field.get(this);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(
          "this Flink's Prometheus reporter has no 'registry' field", e);
    }
  }

  @Override
  public void close() {
    if (server != null) {
      server.stop();
    }
    super.close();
  }

  /** Made by Flink from the reporter configuration. */
  public static final class Factory implements MetricReporterFactory {
    @Override
    public MetricReporter createMetricReporter(Properties properties) {
      return new LoopbackPrometheusReporter(
          Integer.parseInt(properties.getProperty("port", "9249")));
    }
  }
}
