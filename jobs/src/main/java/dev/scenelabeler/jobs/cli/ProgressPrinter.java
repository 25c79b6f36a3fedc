package dev.scenelabeler.jobs.cli;

import dev.scenelabeler.jobs.batch.VideoInput;
import dev.scenelabeler.jobs.batch.VideoResult;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Supplier;

/**
 * The progress of {@code label-video}: one line per video with a bar, and an overall line; redrawn
 * in place on a terminal.
 */
final class ProgressPrinter {
  private final List<VideoInput> videos;
  private final Supplier<List<VideoResult>> results;
  private final PrintStream out;
  private final boolean terminal = System.console() != null;
  private int linesDrawn;

  ProgressPrinter(List<VideoInput> videos, Supplier<List<VideoResult>> results, PrintStream out) {
    this.videos = videos;
    this.results = results;
    this.out = out;
  }

  synchronized void print() {
    StringBuilder text = new StringBuilder();
    if (terminal && linesDrawn > 0) {
      text.append("\033[").append(linesDrawn).append("F"); // back to the first line drawn
    }
    long done = 0;
    long expected = 0;
    boolean totalKnown = true;
    List<VideoResult> now = results.get();
    for (int i = 0; i < videos.size(); i++) {
      VideoResult p = now.get(i);
      long n = p.framesWritten();
      // The declared count is a hint: a finished video's total is what it had.
      long total = p.done() ? n : p.expectedFrames();
      done += n;
      if (total < 0) {
        totalKnown = false;
      } else {
        expected += total;
      }
      String state = p.done() ? (p.ok() ? " done" : " FAILED") : "";
      text.append(line(videos.get(i).cameraId(), n, total)).append(state).append("\033[K\n");
    }
    text.append(line("overall", done, totalKnown ? expected : -1)).append("\033[K\n");
    linesDrawn = videos.size() + 1;
    out.print(terminal ? text : text.toString().replace("\033[K", ""));
    out.flush();
  }

  private static String line(String name, long n, long total) {
    int width = 30;
    int filled = total > 0 ? (int) Math.min(width, n * width / total) : 0;
    String bar = "#".repeat(filled) + ".".repeat(width - filled);
    String count = total >= 0 ? n + "/" + total : n + "/?";
    String pct = total > 0 ? String.format(" %3d%%", Math.min(100, n * 100 / total)) : "";
    return String.format(
        "  %-24s [%s] %s%s", name.length() > 24 ? name.substring(0, 24) : name, bar, count, pct);
  }
}
