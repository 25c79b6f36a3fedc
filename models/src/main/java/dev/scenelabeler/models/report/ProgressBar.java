package dev.scenelabeler.models.report;

import java.io.PrintStream;
import java.time.Duration;

/** A one-line progress bar redrawn in place: done/total, a bar, rate, ETA and a caller's status text. */
public final class ProgressBar {

  private static final int WIDTH = 28;
  private final PrintStream out;
  private final String label;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long lastDrawNanos;

  public ProgressBar(PrintStream out, String label, long total) {
    this.out = out;
    this.label = label;
    this.total = Math.max(1, total);
  }

  /** Redraws at most a few times a second, and always at the end. */
  public void update(long done, String status) {
    long now = System.nanoTime();
    if (done < total && now - lastDrawNanos < 250_000_000L) {
      return;
    }
    lastDrawNanos = now;
    double elapsed = (now - startNanos) / 1e9;
    double fraction = Math.min(1.0, (double) done / total);
    int filled = (int) Math.round(fraction * WIDTH);
    String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(WIDTH - filled);
    double eta = done == 0 ? Double.NaN : elapsed / done * (total - done);
    out.printf("\r%s [%s] %d/%d %s ETA %s   ", label, bar, done, total, status, format(eta));
    if (done >= total) {
      out.printf("%n");
    }
    out.flush();
  }

  public static String format(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return "--:--";
    }
    Duration d = Duration.ofSeconds(Math.round(seconds));
    return d.toHours() > 0
        ? String.format("%d:%02d:%02d", d.toHours(), d.toMinutesPart(), d.toSecondsPart())
        : String.format("%02d:%02d", d.toMinutesPart(), d.toSecondsPart());
  }
}
