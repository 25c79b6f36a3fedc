package dev.scenelabeler.models.data;

import dev.scenelabeler.models.OpenCv;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * One split of a CamVid-layout folder ({@code <split>/} frames and {@code <split>annot/} label maps
 * with the same file names), read into memory with labels already mapped to the project's classes
 * (void = 255).
 */
public final class CamVidSplit {

  /** One frame and its label map, both at the dataset's native size. */
  public record Sample(String name, Mat image, Mat labels) {}

  private final String split;
  private final List<Sample> samples;

  private CamVidSplit(String split, List<Sample> samples) {
    this.split = split;
    this.samples = samples;
  }

  /**
   * Reads every frame of {@code split}, or only every {@code stride}-th in name order, labels as
   * {@link CamVidClasses#LABEL_SET}.
   */
  public static CamVidSplit read(Path dataDir, String split, int stride) {
    return read(dataDir, split, stride, CamVidClasses.lookupTable());
  }

  /**
   * As {@link #read}, with the training labels: CamVid's Bicyclist kept apart as {@link
   * CamVidClasses#RIDER} (a kind of "other" the loss weighs on its own).
   */
  public static CamVidSplit readForTraining(Path dataDir, String split, int stride) {
    return read(dataDir, split, stride, CamVidClasses.trainingLookupTable());
  }

  private static CamVidSplit read(Path dataDir, String split, int stride, byte[] lookupTable) {
    OpenCv.load();
    Path frames = dataDir.resolve(split);
    Path annotations = dataDir.resolve(split + "annot");
    for (Path dir : List.of(frames, annotations)) {
      if (!Files.isDirectory(dir)) {
        throw new IllegalArgumentException(
            "not a CamVid-layout folder: "
                + dir
                + " is missing (expected "
                + split
                + "/ and "
                + split
                + "annot/ under "
                + dataDir
                + ")");
      }
    }
    List<Path> files;
    try (Stream<Path> list = Files.list(frames)) {
      files =
          list.filter(p -> p.getFileName().toString().toLowerCase().endsWith(".png"))
              .sorted()
              .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + frames, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no PNG frames in " + frames);
    }
    Mat lookup = new Mat(1, 256, CvType.CV_8U);
    lookup.put(0, 0, lookupTable);
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < files.size(); i += Math.max(1, stride)) {
      Path frame = files.get(i);
      Path labelFile = annotations.resolve(frame.getFileName());
      Mat image = Imgcodecs.imread(frame.toString(), Imgcodecs.IMREAD_COLOR);
      Mat raw = Imgcodecs.imread(labelFile.toString(), Imgcodecs.IMREAD_GRAYSCALE);
      if (image.empty()) {
        throw new UncheckedIOException(new IOException("cannot read image " + frame));
      }
      if (raw.empty()) {
        throw new UncheckedIOException(
            new NoSuchFileException(labelFile + " (label map for " + frame.getFileName() + ")"));
      }
      if (raw.size().width != image.size().width || raw.size().height != image.size().height) {
        throw new IllegalArgumentException(
            "label map " + labelFile + " is " + raw.size() + " but its frame is " + image.size());
      }
      Mat labels = new Mat();
      Core.LUT(raw, lookup, labels);
      raw.release();
      samples.add(new Sample(frame.getFileName().toString(), image, labels));
    }
    return new CamVidSplit(split, List.copyOf(samples));
  }

  /** The samples of several splits as one, named like {@code train+val}. */
  public static CamVidSplit concat(List<CamVidSplit> splits) {
    List<Sample> all = new ArrayList<>();
    splits.forEach(s -> all.addAll(s.samples()));
    return new CamVidSplit(
        String.join("+", splits.stream().map(CamVidSplit::split).toList()), List.copyOf(all));
  }

  public String split() {
    return split;
  }

  public List<Sample> samples() {
    return samples;
  }

  public int size() {
    return samples.size();
  }

  /** Pixel share of each project class among labelled (non-void) pixels. */
  public double[] classFrequencies() {
    return labelFrequencies(CamVidClasses.LABEL_SET.size());
  }

  /** Pixel share of each label value 0..values-1 among the pixels with one of them. */
  public double[] labelFrequencies(int values) {
    long[] counts = new long[values];
    for (Sample s : samples) {
      byte[] labels = new byte[(int) s.labels().total()];
      s.labels().get(0, 0, labels);
      for (byte b : labels) {
        int c = b & 0xFF;
        if (c < values) {
          counts[c]++;
        }
      }
    }
    long total = Arrays.stream(counts).sum();
    return Arrays.stream(counts).mapToDouble(c -> total == 0 ? 0 : (double) c / total).toArray();
  }
}
