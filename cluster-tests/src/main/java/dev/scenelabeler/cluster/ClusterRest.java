package dev.scenelabeler.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.rest.handler.legacy.messages.ClusterOverviewWithVersion;

/**
 * Waits on the JobManager's REST API as a test must: with a deadline, and failing as soon as the
 * process waited for has exited, with the end of its log in the message.
 */
final class ClusterRest {

  static final Duration STARTUP_TIMEOUT = Duration.ofMinutes(3);
  static final Duration POLL = Duration.ofMillis(250);

  /** How much of a process's log an exception carries. */
  private static final int LOG_TAIL_CHARS = 4000;

  private final RestClusterClient<StandaloneClusterId> client;

  private ClusterRest(RestClusterClient<StandaloneClusterId> client) {
    this.client = client;
  }

  /** A client for the cluster {@code config} describes. */
  static ClusterRest connect(Configuration config) {
    Configuration clientConfig = config.clone();
    // While the JobManager starts, the client retries a refused connection; overview() stops it
    // early if the JobManager died.
    clientConfig.set(RestOptions.RETRY_DELAY, POLL);
    clientConfig.set(
        RestOptions.RETRY_MAX_ATTEMPTS, (int) (STARTUP_TIMEOUT.toMillis() / POLL.toMillis()));
    try {
      return new ClusterRest(
          new RestClusterClient<>(clientConfig, StandaloneClusterId.getInstance()));
    } catch (Exception e) {
      throw new IllegalStateException("cannot create the REST client", e);
    }
  }

  RestClusterClient<StandaloneClusterId> client() {
    return client;
  }

  /** The cluster overview (TaskManagers, slots); fails as soon as {@code jobManager} has exited. */
  ClusterOverviewWithVersion overview(FlinkProcess jobManager) {
    return awaitWhileAlive(
        client.getClusterOverview(), jobManager, STARTUP_TIMEOUT, "GET /overview");
  }

  /**
   * Waits until {@code count} TaskManagers are registered; fails when one of {@code starting} has
   * exited, or after {@link #STARTUP_TIMEOUT}.
   */
  void awaitTaskManagers(
      int count, FlinkProcess jobManager, List<FlinkProcess> starting, Path logDir) {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    int registered;
    while ((registered = overview(jobManager).getNumTaskManagersConnected()) != count) {
      for (FlinkProcess tm : starting) {
        if (!tm.isAlive()) {
          throw new IllegalStateException(
              tm + " exited during startup; see " + tm.logFile() + "\n" + tail(tm));
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException(
            "only "
                + registered
                + " of "
                + count
                + " TaskManagers registered within "
                + STARTUP_TIMEOUT.toSeconds()
                + " s; logs in "
                + logDir);
      }
      LocalFlinkCluster.sleep(POLL);
    }
  }

  /**
   * {@link #await}, but fails at once, with its log, when {@code process} exits before the answer
   * comes.
   */
  static <T> T awaitWhileAlive(
      CompletableFuture<T> answer, FlinkProcess process, Duration timeout, String what) {
    while (!answer.isDone()) {
      if (!process.isAlive()) {
        answer.cancel(true);
        throw new IllegalStateException(
            process + " exited; see " + process.logFile() + "\n" + tail(process));
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(50));
    }
    return await(answer, timeout, what);
  }

  /**
   * The answer of a client call, waited for at most {@code timeout}; Flink's error message (the
   * REST API's, or the job's) in the exception.
   */
  public static <T> T await(CompletableFuture<T> answer, Duration timeout, String what) {
    try {
      return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException(what + " failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      answer.cancel(true);
      throw new IllegalStateException(what + " not done within " + timeout.toSeconds() + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static String tail(FlinkProcess process) {
    String log = process.log();
    return log.substring(Math.max(0, log.length() - LOG_TAIL_CHARS));
  }
}
