package dev.scenelabeler.connectors.publish;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each camera's replay on a thread of its own and waits for all of them. A camera whose source
 * fails stops alone: the others go on, and its failure is returned for the result.
 */
final class CameraThreads {

  private static final Logger LOG = LoggerFactory.getLogger(CameraThreads.class);

  private CameraThreads() {}

  /**
   * Returns one line per camera that failed: its id, its source's description and why.
   *
   * @throws InterruptedException if interrupted while waiting; the camera threads are interrupted
   *     too
   */
  static List<String> runAll(List<CameraFeed> feeds, Function<CameraFeed, CameraReplay> replays)
      throws InterruptedException {
    ExecutorService threads =
        Executors.newFixedThreadPool(feeds.size(), DaemonThreads.named("publish-camera"));
    try {
      List<Future<Long>> running = new ArrayList<>();
      for (CameraFeed feed : feeds) {
        CameraReplay replay = replays.apply(feed);
        running.add(threads.submit(replay::run));
      }
      List<String> failures = new ArrayList<>();
      for (int i = 0; i < running.size(); i++) {
        try {
          running.get(i).get();
        } catch (ExecutionException e) {
          CameraFeed feed = feeds.get(i);
          String failure =
              feed.cameraId() + " (" + feed.description() + "): " + describe(e.getCause());
          LOG.error("Camera {} stopped: {}", feed.cameraId(), failure);
          failures.add(failure);
        }
      }
      return failures;
    } finally {
      threads.shutdownNow();
    }
  }

  static String describe(Throwable e) {
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
