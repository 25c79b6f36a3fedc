package dev.scenelabeler.models.eval;

import dev.scenelabeler.models.LabelSet;

/**
 * Pixel counts of (true class, predicted class); void truth pixels are ignored. Every metric of
 * the evaluation is derived from it.
 */
public final class ConfusionMatrix {

  private final int classes;
  private final long[][] counts;

  public ConfusionMatrix(int classes) {
    this.classes = classes;
    this.counts = new long[classes][classes];
  }

  public static ConfusionMatrix of(long[][] counts) {
    ConfusionMatrix m = new ConfusionMatrix(counts.length);
    for (int t = 0; t < counts.length; t++) {
      System.arraycopy(counts[t], 0, m.counts[t], 0, counts.length);
    }
    return m;
  }

  /** Adds a predicted map against its truth (same size; truth values >= classes are void). */
  public void add(byte[] truth, byte[] predicted) {
    if (truth.length != predicted.length) {
      throw new IllegalArgumentException("truth has " + truth.length + " pixels, prediction " + predicted.length);
    }
    for (int i = 0; i < truth.length; i++) {
      int t = truth[i] & 0xFF;
      if (t < classes) {
        int p = predicted[i] & 0xFF;
        if (p >= classes) {
          throw new IllegalArgumentException("predicted class " + p + " at pixel " + i + " is outside 0.." + (classes - 1));
        }
        counts[t][p]++;
      }
    }
  }

  public void add(ConfusionMatrix other) {
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

  /** Mean IoU over the five classes the user named (sky, tree, road, building, pedestrian). */
  public double meanIouNamed() {
    return meanIou(LabelSet.NUM_NAMED_CLASSES);
  }

  public double meanIouAll() {
    return meanIou(classes);
  }

  /** A fixed-width table, rows = truth, columns = prediction, with per-class accuracy and IoU. */
  public String toTable(java.util.List<String> names) {
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
