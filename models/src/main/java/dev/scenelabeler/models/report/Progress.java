package dev.scenelabeler.models.report;

import java.io.PrintStream;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long loop (me.tongfei:progressbar): on a terminal one line redrawn in place a few
 * times a second; anywhere else (a log file, a pipe, CI) a plain line every {@value
 * #LOG_INTERVAL_MS} ms and one at the end, so a log never gets carriage-return runs.
 */
public final class Progress implements AutoCloseable {

  static final int LOG_INTERVAL_MS = 10_000;
  private static final int WIDTH = 110;

  private final ProgressBar bar;

  public Progress(PrintStream out, String label, long total) {
    boolean terminal = out == System.out && System.console() != null;
    ProgressBarConsumer consumer =
        terminal
            ? new ConsoleProgressBarConsumer(out, WIDTH)
            : new DelegatingProgressBarConsumer(out::println, WIDTH);
    this.bar =
        new ProgressBarBuilder()
            .setTaskName(label)
            .setInitialMax(Math.max(1, total))
            .setStyle(ProgressBarStyle.ASCII)
            .setConsumer(consumer)
            .setUpdateIntervalMillis(terminal ? 250 : LOG_INTERVAL_MS)
            .build();
  }

  /** {@code done} of the total so far, with a short status such as the running loss. */
  public void update(long done, String status) {
    bar.stepTo(done);
    bar.setExtraMessage(status);
  }

  /** Draws the final state and stops the drawing thread. */
  @Override
  public void close() {
    bar.close();
  }
}
