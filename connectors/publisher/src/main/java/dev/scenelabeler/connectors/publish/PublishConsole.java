package dev.scenelabeler.connectors.publish;

import java.io.PrintWriter;
import java.util.List;

/**
 * What {@code ./scene-labeler publish} prints: the plan, progress each second, send stalls, and the
 * result with each camera that failed. On a terminal progress rewrites one line; otherwise (a pipe,
 * a log) each report is a line of its own.
 */
final class PublishConsole {

  private final PrintWriter out;
  private final PrintWriter err;
  private final String bootstrap;
  private final boolean console = System.console() != null;

  PublishConsole(PrintWriter out, PrintWriter err, String bootstrap) {
    this.out = out;
    this.err = err;
    this.bootstrap = bootstrap;
  }

  void plan(List<CameraFeed> feeds, String topic, PublishRate rate, boolean loop) {
    out.printf(
        "publishing %d camera(s) to topic '%s' at %s, rate %s%s: %s%n",
        feeds.size(),
        topic,
        bootstrap,
        rate,
        loop ? ", looping" : "",
        String.join(", ", feeds.stream().map(f -> f.cameraId() + "=" + f.description()).toList()));
    out.flush();
  }

  void progress(FramePublisher.Progress p) {
    err.printf(
        "%ssent %d frames, %.1f frames/s, %.2f MB/s%s",
        console ? "\r" : "",
        p.frames(),
        p.framesPerSecond(),
        p.megabytesPerSecond(),
        console ? "" : "\n");
    err.flush();
  }

  void stall(FramePublisher.SendStall stall) {
    err.printf(
        "%swarning: %s; is the broker at %s up?%n",
        console ? "\n" : "", stall.describe(), bootstrap);
    err.flush();
  }

  /** Prints the result; returns the exit code: 1 if a camera failed. */
  int result(PublishResult result) {
    if (console) {
      err.println();
    }
    out.println("published " + result.summary());
    for (String failure : result.failures()) {
      err.println("error: camera " + failure);
    }
    return result.failures().isEmpty() ? 0 : 1;
  }
}
