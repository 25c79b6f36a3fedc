package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.MaskOverlay;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneMask;
import dev.scenelabeler.models.SceneModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
    name = "label",
    mixinStandardHelpOptions = true,
    description = {
      "Labels images: writes NAME-mask.png (8-bit class indices 0..5) and NAME-overlay.png "
          + "(palette colours over the image) per image.",
      "Example: ./scene-labeler label photo.jpg --out out/"
    })
public final class LabelCommand implements Callable<Integer> {

  private static final List<String> IMAGE_SUFFIXES =
      List.of(".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp");

  @Parameters(
      paramLabel = "IMAGE_OR_DIR",
      description = "an image, or a folder of images (name order)")
  Path input;

  @Option(names = "--out", required = true, description = "output folder")
  Path out;

  @Option(
      names = "--opacity",
      defaultValue = "0.5",
      description = "overlay opacity 0..1 (default: ${DEFAULT-VALUE})")
  double opacity;

  @Mixin ModelOptions model;

  /**
   * Reads an image as a viewer shows it: turned upright by its EXIF orientation (phones store
   * photos sideways with a tag), grey kept grey, 16-bit kept 16-bit (scaled to 8 by the caller),
   * alpha dropped. OpenCV's IMREAD_UNCHANGED would ignore the orientation.
   */
  static Mat read(Path image) {
    return Imgcodecs.imread(
        image.toString(), Imgcodecs.IMREAD_ANYDEPTH | Imgcodecs.IMREAD_ANYCOLOR);
  }

  @Override
  public Integer call() throws Exception {
    OpenCv.load();
    List<Path> images = imagesIn(input);
    Files.createDirectories(out);
    int failed = 0;
    try (SceneModel loaded = model.open();
        SceneLabeler labeler = model.newLabeler(loaded)) {
      for (Path image : images) {
        Mat frame = read(image);
        String problem = frame.empty() ? "not a readable image" : truncatedJpeg(image);
        if (problem != null) {
          System.err.println("error: " + image + " is " + problem + "; skipped");
          failed++;
          continue;
        }
        if (frame.depth() != CvType.CV_8U) {
          Mat eight = new Mat();
          frame.convertTo(eight, CvType.CV_8U, 1.0 / 256);
          frame = eight;
        }
        SceneMask mask = labeler.label(frame);
        String name = stem(image);
        Mat classes = new Mat(mask.height(), mask.width(), CvType.CV_8UC1);
        classes.put(0, 0, mask.classes());
        Mat bgr = new Mat();
        if (frame.channels() == 1) {
          Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_GRAY2BGR);
        } else if (frame.channels() == 4) {
          Imgproc.cvtColor(frame, bgr, Imgproc.COLOR_BGRA2BGR);
        } else {
          bgr = frame;
        }
        write(out.resolve(name + "-mask.png"), classes);
        write(
            out.resolve(name + "-overlay.png"),
            MaskOverlay.blend(bgr, mask, labeler.info().labelSet(), opacity));
        int[] work = labeler.workingSizeOf(mask.width(), mask.height());
        System.out.printf(
            "%s: %dx%d (labeled at %dx%d), %s, mean confidence %.2f%n",
            image.getFileName(),
            mask.width(),
            mask.height(),
            work[0],
            work[1],
            shares(mask, labeler.info().labelSet()),
            mask.meanConfidence());
      }
    }
    System.out.printf(
        "Labeled %d of %d images into %s%n", images.size() - failed, images.size(), out);
    return failed == 0 ? 0 : 1;
  }

  /**
   * OpenCV decodes a cut JPEG without complaint, filling the rest with grey; a JPEG must end with
   * its end-of-image marker (0xFFD9), trailing padding aside.
   */
  static String truncatedJpeg(Path image) throws IOException {
    String name = image.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!name.endsWith(".jpg") && !name.endsWith(".jpeg")) {
      return null;
    }
    byte[] bytes = Files.readAllBytes(image);
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) {
      end--;
    }
    boolean complete =
        end >= 2 && (bytes[end - 2] & 0xFF) == 0xFF && (bytes[end - 1] & 0xFF) == 0xD9;
    return complete
        ? null
        : "a truncated or corrupt JPEG (no end-of-image marker, " + bytes.length + " bytes)";
  }

  private static void write(Path file, Mat image) throws IOException {
    if (!Imgcodecs.imwrite(file.toString(), image)) {
      throw new IOException("cannot write " + file);
    }
  }

  static String shares(SceneMask mask, LabelSet labels) {
    StringBuilder sb = new StringBuilder();
    for (int c = 0; c < mask.classFractions().length; c++) {
      sb.append(c == 0 ? "" : " ")
          .append(labels.name(c))
          .append(String.format(" %.0f%%", 100 * mask.classFractions()[c]));
    }
    return sb.toString();
  }

  private static List<Path> imagesIn(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    if (!Files.isDirectory(input)) {
      throw new IllegalArgumentException(input + " does not exist");
    }
    try (Stream<Path> files = Files.list(input)) {
      List<Path> images =
          files
              .filter(
                  p ->
                      IMAGE_SUFFIXES.stream()
                          .anyMatch(
                              s -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(s)))
              .sorted()
              .toList();
      if (images.isEmpty()) {
        throw new IllegalArgumentException("no images (" + IMAGE_SUFFIXES + ") in " + input);
      }
      return images;
    }
  }

  private static String stem(Path image) {
    String name = image.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
