package dev.scenelabeler.app.demo;

import dev.scenelabeler.app.local.Latencies;
import dev.scenelabeler.app.local.MaskConsumer;
import dev.scenelabeler.app.local.MaskTally;
import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/**
 * The demo's running report: drains the masks topic and prints frames/s and latency every few
 * seconds and a summary every minute, until its end time or the demo is stopped. Fails when the job
 * does.
 */
final class DemoStatus {

  private DemoStatus() {}

  /**
   * @param statusEverySeconds how often to print a status line
   * @param endNanos when to return ({@link System#nanoTime()} scale; {@link Long#MAX_VALUE}: never)
   * @param stopped counted down when the demo stops (Ctrl-C)
   */
  static void printUntilStopped(
      MaskConsumer masks,
      JobClient job,
      PrintStream out,
      int statusEverySeconds,
      long endNanos,
      CountDownLatch stopped)
      throws Exception {
    MaskTally tally = masks.tally();
    long windowStart = System.nanoTime();
    long minuteStart = windowStart;
    int minute = 0;
    List<Latencies> minuteWindows = new ArrayList<>();
    long lastCount = 0;
    long minuteFirstCount = 0;
    long minuteFirstSkipped = 0;
    while (System.nanoTime() < endNanos && stopped.getCount() > 0) {
      masks.poll(Duration.ofMillis(100));
      long now = System.nanoTime();
      if (now - windowStart >= TimeUnit.SECONDS.toNanos(statusEverySeconds)) {
        Latencies window = tally.takeWindow();
        minuteWindows.add(window);
        double seconds = (now - windowStart) / 1e9;
        String state = job.getJobStatus().get(5, TimeUnit.SECONDS).toString();
        out.printf(
            "[%s] job %-8s masks %6d total, %5.1f frames/s, skipped %6d, "
                + "capture->mask visible p50 %s p95 %s p99 %s%n",
            LocalTime.now().withNano(0),
            state,
            tally.masks(),
            (tally.masks() - lastCount) / seconds,
            tally.skipped(),
            ms(window.percentile(0.50)),
            ms(window.percentile(0.95)),
            ms(window.percentile(0.99)));
        lastCount = tally.masks();
        windowStart = now;
        if (state.equals("FAILED")) {
          throw new IllegalStateException("the labeling job failed; see the log above");
        }
      }
      if (now - minuteStart >= TimeUnit.MINUTES.toNanos(1)) {
        Latencies window = Latencies.merge(minuteWindows);
        minute++;
        double seconds = (now - minuteStart) / 1e9;
        out.printf(
            "[minute %d] %.1f masks/s, %.1f skipped/s, capture->mask visible p50 %s p95 %s p99 %s"
                + " (%d masks)%n",
            minute,
            (tally.masks() - minuteFirstCount) / seconds,
            (tally.skipped() - minuteFirstSkipped) / seconds,
            ms(window.percentile(0.50)),
            ms(window.percentile(0.95)),
            ms(window.percentile(0.99)),
            window.count());
        minuteWindows.clear();
        minuteStart = now;
        minuteFirstCount = tally.masks();
        minuteFirstSkipped = tally.skipped();
      }
    }
  }

  private static String ms(long value) {
    return value < 0 ? "-" : value + " ms";
  }
}
