package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.net.ActivationRanges;
import dev.scenelabeler.models.quant.CpuFeatures;
import dev.scenelabeler.models.quant.Int8Calibrator;
import dev.scenelabeler.models.quant.Int8Selection;
import dev.scenelabeler.models.quant.Int8SelfCheck;
import dev.scenelabeler.models.quant.ReferenceFrame;
import dev.scenelabeler.models.quant.ReferenceFrames;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Makes a model's int8 twin from its weights: the QDQ graph {@code model-int8.onnx}, calibrated on
 * training frames, and the reference frames its self-check labels at load.
 */
@Command(
    name = "quantize",
    mixinStandardHelpOptions = true,
    description = {
      "Writes MODEL/model-int8.onnx, the int8 graph (QDQ: per-channel symmetric int8 weights,"
          + " per-tensor uint8 activations) of a mobilenetv2-fusion model, its activation ranges"
          + " calibrated on CamVid training frames, and MODEL/int8-check/: the reference frames"
          + " with the fp32 graph's class maps, which --precision int8|auto compares at load.",
      "Example: ./scene-labeler quantize --model runs/mnv2/best --data ../shared/camvid"
          + " ref-1.png ref-2.png"
    })
public final class QuantizeCommand implements Callable<Integer> {

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR",
      description = "Model directory (model.json, weights.params, model.onnx)")
  Path model;

  @Option(names = "--data", required = true, description = "CamVid-layout folder (train/)")
  Path data;

  @Option(
      names = "--calibration",
      defaultValue = "percentile",
      description =
          "minmax or percentile (0.01/99.99 %% of sampled values) (default: ${DEFAULT-VALUE})")
  String calibration;

  @Option(
      names = "--frames",
      defaultValue = "32",
      description = "Training frames to calibrate on, evenly spaced (default: ${DEFAULT-VALUE})")
  int frames;

  @Parameters(
      paramLabel = "REFERENCE",
      arity = "1..*",
      description = "Images the self-check labels at load (committable; any size)")
  List<Path> references;

  @Override
  public Integer call() throws Exception {
    Int8Calibrator.Method method = method(calibration);
    if (frames < 1) {
      throw new IllegalArgumentException("--frames must be at least 1, got " + frames);
    }
    OpenCv.load();
    List<Int8Calibrator.Frame> calibrationFrames = trainFrames(data.resolve("train"), frames);
    List<Int8Calibrator.Frame> referenceImages = new ArrayList<>();
    for (Path reference : references) {
      referenceImages.add(read(reference));
    }
    ModelSource source = ModelSource.parse(model.toString());
    byte[] int8;
    ActivationRanges ranges;
    try (SceneModel loaded = source.open(DeviceSpec.cpu(), InferenceEngine.PYTORCH)) {
      ranges = Int8Calibrator.calibrate(loaded.probedOnnx(), calibrationFrames, method);
      int8 = loaded.int8Onnx(ranges);
    }
    List<ReferenceFrame> checks =
        fp32Labels(Files.readAllBytes(model.resolve(SceneModel.ONNX_FILE)), referenceImages);
    Path target = model.resolve(Int8Selection.INT8_FILE);
    Files.write(target, int8);
    ReferenceFrames.write(model, checks);
    double agreement = Int8SelfCheck.agreement(int8, checks);
    System.out.printf(
        Locale.ROOT,
        "Wrote %s (%,d bytes): %d activations calibrated (%s) on %d training frames; %d reference"
            + " frames in %s%n"
            + "Self-check here (%s): %.2f%% of reference pixels labeled as fp32 did (at least"
            + " %.0f%% needed)%n",
        target,
        int8.length,
        ranges.size(),
        method.name().toLowerCase(Locale.ROOT),
        calibrationFrames.size(),
        checks.size(),
        model.resolve(ReferenceFrames.DIR),
        CpuFeatures.ofThisMachine().modelName(),
        100 * agreement,
        100 * Int8SelfCheck.MIN_AGREEMENT);
    return 0;
  }

  private static Int8Calibrator.Method method(String text) {
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "minmax" -> Int8Calibrator.Method.MINMAX;
      case "percentile" -> Int8Calibrator.Method.PERCENTILE;
      default ->
          throw new IllegalArgumentException(
              "--calibration must be minmax or percentile, got '" + text + "'");
    };
  }

  /** {@code count} frames spread evenly over the training images, in name order. */
  static List<Int8Calibrator.Frame> trainFrames(Path trainDir, int count) throws IOException {
    List<Path> images;
    try (Stream<Path> files = Files.list(trainDir)) {
      images = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
    }
    if (images.isEmpty()) {
      throw new IllegalArgumentException("no training images (*.png) in " + trainDir);
    }
    List<Int8Calibrator.Frame> chosen = new ArrayList<>();
    int n = Math.min(count, images.size());
    for (int i = 0; i < n; i++) {
      chosen.add(read(images.get((int) ((long) i * images.size() / n))));
    }
    return chosen;
  }

  private static Int8Calibrator.Frame read(Path image) {
    Mat bgr = Imgcodecs.imread(image.toString(), Imgcodecs.IMREAD_COLOR);
    if (bgr.empty()) {
      throw new IllegalArgumentException("cannot read image " + image);
    }
    byte[] pixels = new byte[(int) (bgr.total() * 3)];
    bgr.get(0, 0, pixels);
    return new Int8Calibrator.Frame(pixels, bgr.cols(), bgr.rows());
  }

  /** The fp32 graph's class maps of the reference images. */
  private static List<ReferenceFrame> fp32Labels(byte[] fp32, List<Int8Calibrator.Frame> images)
      throws Exception {
    List<byte[]> maps = Int8SelfCheck.classMaps(fp32, images);
    List<ReferenceFrame> frames = new ArrayList<>();
    for (int i = 0; i < images.size(); i++) {
      Int8Calibrator.Frame image = images.get(i);
      frames.add(new ReferenceFrame(image.bgr(), image.width(), image.height(), maps.get(i)));
    }
    return frames;
  }
}
