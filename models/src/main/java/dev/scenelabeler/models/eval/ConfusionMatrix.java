package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.LabelSet;
import java.util.List;

/**
 * Pixel counts of (true class, predicted class); void truth pixels are ignored. Every metric of the
 * evaluation is derived from it. Metrics are fractions in 0..1 (reports print percent), and NaN
 * where they are undefined (a class absent from both truth and prediction), never 0: an absent
 * class is not a failed one. IoU as in the PASCAL VOC and CamVid literature: TP / (TP + FP + FN).
 */
public final class ConfusionMatrix {

  private final int classes;
  private final int namedClasses;
  private final long[][] counts;

  /**
   * An empty matrix over a label set's classes; {@link #meanIouNamed()} averages its named ones.
   */
  public ConfusionMatrix(LabelSet labels) {
    this(labels.size(), labels.namedClasses());
  }

  /**
   * An empty matrix of {@code classes} x {@code classes}; the first {@code namedClasses} are the
   * named ones.
   */
  public ConfusionMatrix(int classes, int namedClasses) {
    if (classes < 1 || namedClasses < 1 || namedClasses > classes) {
      throw new IllegalArgumentException(
          "need 1 <= named classes <= classes, got " + namedClasses + " of " + classes);
    }
    this.classes = classes;
    this.namedClasses = namedClasses;
    this.counts = new long[classes][classes];
  }

  /** A matrix holding {@code counts} (rows = truth, columns = prediction). */
  public static ConfusionMatrix of(long[][] counts, int namedClasses) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length, namedClasses);
    for (int t = 0; t < counts.length; t++) {
      System.arraycopy(counts[t], 0, m.counts[t], 0, counts.length);
    }
    return m;
  }

  /** Adds a predicted map against its truth (same size; truth values >= classes are void). */
  public void add(byte[] truth, byte[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException(
          "truth has " + truth.length + " pixels, prediction " + predicted.length);
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i] & 0xFF;
      if (t < classes) {
        int p = predicted[i] & 0xFF;
        if (p >= classes) {
          throw new IllegalArgumentException(
              "predicted class " + p + " at pixel " + i + " is outside 0.." + (classes - 1));
        }
        counts[t][p]++;
      }
    }
  }

  /** Adds another matrix's counts; both must have the same classes. */
  public void add(ConfusionMatrix other) {
    if (other.classes != classes) {
      throw new IllegalArgumentException(
          "cannot add a " + other.classes + "-class matrix to a " + classes + "-class one");
    }
    for (int t = 0; t < classes; t++) {
      for (int p = 0; p < classes; p++) {
        counts[t][p] += other.counts[t][p];
      }
    }
  }

  public int classes() {
    return classes;
  }

  public long count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  public long[][] counts() {
    long[][] copy = new long[classes][];
    for (int t = 0; t < classes; t++) {
      copy[t] = counts[t].clone();
    }
    return copy;
  }

  public long total() {
    long total = 0;
    for (long[] row : counts) {
      for (long c : row) {
        total += c;
      }
    }
    return total;
  }

  private long truthCount(int c) {
    long sum = 0;
    for (long v : counts[c]) {
      sum += v;
    }
    return sum;
  }

  private long predictedCount(int c) {
    long sum = 0;
    for (long[] row : counts) {
      sum += row[c];
    }
    return sum;
  }

  /** Correct pixels over labelled pixels, 0..1; NaN for an empty matrix. */
  public double pixelAccuracy() {
    long correct = 0;
    for (int c = 0; c < classes; c++) {
      correct += counts[c][c];
    }
    long total = total();
    return total == 0 ? Double.NaN : (double) correct / total;
  }

  /** Recall of a class: correct pixels over its true pixels; NaN where the class never occurs. */
  public double classAccuracy(int c) {
    long truth = truthCount(c);
    return truth == 0 ? Double.NaN : (double) counts[c][c] / truth;
  }

  /** Intersection over union; NaN where the class is neither present nor predicted. */
  public double iou(int c) {
    long union = truthCount(c) + predictedCount(c) - counts[c][c];
    return union == 0 ? Double.NaN : (double) counts[c][c] / union;
  }

  /** Mean IoU over classes 0..n-1, skipping classes with no IoU (absent and never predicted). */
  public double meanIou(int firstClasses) {
    double sum = 0;
    int n = 0;
    for (int c = 0; c < firstClasses; c++) {
      double v = iou(c);
      if (!Double.isNaN(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /**
   * Mean IoU over the named classes (for {@link LabelSet#SCENE6}: sky, tree, road, building,
   * pedestrian), 0..1.
   */
  public double meanIouNamed() {
    return meanIou(namedClasses);
  }

  public int namedClasses() {
    return namedClasses;
  }

  /** Mean IoU over every class, 0..1. */
  public double meanIouAll() {
    return meanIou(classes);
  }

  /** A fixed-width table, rows = truth, columns = prediction, with per-class accuracy and IoU. */
  public String toTable(List<String> names) {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-12s", "truth\\pred"));
    for (int p = 0; p < classes; p++) {
      sb.append(String.format("%12s", names.get(p)));
    }
    sb.append(String.format("%10s%10s%n", "acc %", "IoU %"));
    for (int t = 0; t < classes; t++) {
      sb.append(String.format("%-12s", names.get(t)));
      for (int p = 0; p < classes; p++) {
        sb.append(String.format("%12d", counts[t][p]));
      }
      sb.append(String.format("%10.1f%10.1f%n", 100 * classAccuracy(t), 100 * iou(t)));
    }
    return sb.toString();
  }
}
