package dev.scenelabeler.models.quant;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.Loader;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * The self-check's reference frames in a model: {@code int8-check/frame-N.png} (the frame) and
 * {@code int8-check/labels-N.png} (the fp32 graph's class map, one grey level per class), N = 0, 1,
 * ... up to the first missing pair.
 */
public final class ReferenceFrames {

  /** The folder inside a model directory. */
  public static final String DIR = "int8-check/";

  /** Opens a file of the model by its name in the model directory (or classpath folder). */
  @FunctionalInterface
  public interface ModelFiles {
    /**
     * @throws NoSuchFileException when there is no such file
     */
    InputStream open(String name) throws IOException;
  }

  private ReferenceFrames() {}

  /**
   * @throws IOException when none is there or one is not a readable PNG of the right size
   */
  public static List<ReferenceFrame> read(ModelFiles files) throws IOException {
    Loader.load(org.bytedeco.opencv.opencv_java.class); // OpenCV's Java bindings, once per JVM
    List<ReferenceFrame> frames = new ArrayList<>();
    for (int i = 0; ; i++) {
      byte[] image;
      byte[] labels;
      try (InputStream in = files.open(DIR + "frame-" + i + ".png")) {
        image = in.readAllBytes();
      } catch (NoSuchFileException e) {
        break;
      }
      try (InputStream in = files.open(DIR + "labels-" + i + ".png")) {
        labels = in.readAllBytes();
      }
      Mat bgr = Imgcodecs.imdecode(new MatOfByte(image), Imgcodecs.IMREAD_COLOR);
      Mat classes = Imgcodecs.imdecode(new MatOfByte(labels), Imgcodecs.IMREAD_GRAYSCALE);
      if (bgr.empty() || classes.empty() || bgr.size().equals(classes.size()) == false) {
        throw new IOException(DIR + "frame-" + i + ".png and labels-" + i + ".png do not match");
      }
      byte[] pixels = new byte[(int) (bgr.total() * 3)];
      bgr.get(0, 0, pixels);
      byte[] classMap = new byte[(int) classes.total()];
      classes.get(0, 0, classMap);
      frames.add(new ReferenceFrame(pixels, bgr.cols(), bgr.rows(), classMap));
    }
    if (frames.isEmpty()) {
      throw new NoSuchFileException(DIR + "frame-0.png (the int8 graph's reference frames)");
    }
    return frames;
  }

  /** Writes {@code frames} into {@code modelDir}, replacing what was there. */
  public static void write(Path modelDir, List<ReferenceFrame> frames) throws IOException {
    Loader.load(org.bytedeco.opencv.opencv_java.class); // OpenCV's Java bindings, once per JVM
    Path dir = modelDir.resolve(DIR);
    Files.createDirectories(dir);
    try (var old = Files.list(dir)) { // other files (an attribution) stay
      for (Path p : old.toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith("frame-") || name.startsWith("labels-")) {
          Files.delete(p);
        }
      }
    }
    for (int i = 0; i < frames.size(); i++) {
      ReferenceFrame frame = frames.get(i);
      Mat bgr = new Mat(frame.height(), frame.width(), org.opencv.core.CvType.CV_8UC3);
      bgr.put(0, 0, frame.bgr());
      Mat classes = new Mat(frame.height(), frame.width(), org.opencv.core.CvType.CV_8UC1);
      classes.put(0, 0, frame.fp32Labels());
      if (!Imgcodecs.imwrite(dir.resolve("frame-" + i + ".png").toString(), bgr)
          || !Imgcodecs.imwrite(dir.resolve("labels-" + i + ".png").toString(), classes)) {
        throw new IOException("cannot write reference frame " + i + " in " + dir);
      }
    }
  }
}
