package dev.scenelabeler.app.cli;

import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.cli.ModelOptions;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import dev.scenelabeler.models.eval.Flicker;
import dev.scenelabeler.models.eval.FlickerReport;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.opencv.core.Mat;
import org.opencv.imgcodecs.Imgcodecs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Labels a video and prints how much its labels flicker from frame to frame (models/MODEL.md). */
@Command(
    name = "flicker",
    mixinStandardHelpOptions = true,
    description = {
      "Labels a video and prints its flicker: the share of reliable pixels whose class changes "
          + "between consecutive masks along dense optical flow (DIS, forward-backward checked), "
          + "overall and per class, with the raw change between masks (no flow).",
      "Example: ./scene-labeler flicker walk.mp4"
    })
public final class FlickerCommand implements Callable<Integer> {

  @Parameters(paramLabel = "VIDEO", description = "a video file, or a folder of images")
  Path video;

  @Option(names = "--every", description = "measure frames 0, N, 2N, ... (default: every frame)")
  Integer every;

  @Option(names = "--max-frames", description = "stop after N measured frames")
  Integer maxFrames;

  @Option(
      names = "--labels",
      paramLabel = "DIR",
      description =
          "also score the masks against exact labels, DIR/label-NNNN.png for frame NNNN (class"
              + " index per pixel, as test-data/street/labels): pixel accuracy and IoU")
  Path labelsDir;

  @Option(
      names = TemporalFilterSettings.FLAG,
      paramLabel = TemporalFilterSettings.PARAM_LABEL,
      description = TemporalFilterSettings.DESCRIPTION + " (default: ${DEFAULT-VALUE})",
      defaultValue = "flow",
      converter = ModelOptions.TemporalFilterConverter.class)
  TemporalFilterSettings temporalFilter;

  @Mixin ModelOptions model;

  private ConfusionMatrix accuracy;

  @Override
  public Integer call() throws Exception {
    OpenCv.load();
    FrameSourceOptions options =
        every == null ? FrameSourceOptions.defaults() : FrameSourceOptions.defaults().every(every);
    FlickerReport report;
    LabelSet labels;
    try (SceneModel loaded = model.open();
        SceneLabeler labeler = model.newLabeler(loaded);
        FrameSource source = FrameSource.open(video, options)) {
      VideoSequenceLabeler sequence = new VideoSequenceLabeler(labeler, temporalFilter);
      labels = labeler.info().labelSet();
      accuracy = labelsDir == null ? null : new ConfusionMatrix(labels);
      try (Flicker flicker = new Flicker(labels.size())) {
        int frames = 0;
        Optional<VideoFrame> next;
        while ((maxFrames == null || frames < maxFrames) && (next = source.next()).isPresent()) {
          VideoFrame frame = next.get();
          try {
            byte[] mask =
                sequence
                    .label(
                        frame.bgr(),
                        new FramePosition(frame.index(), frame.timestampMicros() / 1000))
                    .classes();
            flicker.add(frame.bgr(), mask);
            if (accuracy != null) {
              accuracy.add(truth(frame.index(), frame.width(), frame.height()), mask);
            }
          } finally {
            frame.bgr().release();
          }
          frames++;
        }
        report = flicker.report();
      }
    }
    print(report, labels);
    if (accuracy != null) {
      System.out.printf(
          "against %s: pixel accuracy %.1f%%, mIoU(5) %.1f%%, all six %.1f%%; IoU",
          labelsDir,
          100 * accuracy.pixelAccuracy(),
          100 * accuracy.meanIouNamed(),
          100 * accuracy.meanIouAll());
      for (int c = 0; c < labels.size(); c++) {
        System.out.printf(" %s %.1f", labels.name(c), 100 * accuracy.iou(c));
      }
      System.out.println();
    }
    return report.pairs() > 0 ? 0 : 1;
  }

  /** The exact label map of frame {@code index}: class index per pixel. */
  private byte[] truth(long index, int width, int height) {
    Path file = labelsDir.resolve(String.format("label-%04d.png", index));
    Mat grey = Imgcodecs.imread(file.toString(), Imgcodecs.IMREAD_GRAYSCALE);
    try {
      if (grey.empty() || grey.cols() != width || grey.rows() != height) {
        throw new IllegalArgumentException(
            file + ": no " + width + "x" + height + " greyscale label map for frame " + index);
      }
      byte[] classes = new byte[width * height];
      grey.get(0, 0, classes);
      return classes;
    } finally {
      grey.release();
    }
  }

  private void print(FlickerReport report, LabelSet labels) {
    if (report.pairs() == 0) {
      System.out.printf("%s: %d frame(s), no pair to compare%n", video, report.frames());
      return;
    }
    System.out.printf(
        "%s: %d frames, %d pairs, temporal filter %s%n",
        video, report.frames(), report.pairs(), temporalFilter);
    System.out.printf(
        "flicker %.1f%% of reliable pixels per frame (%.1f%% reliable)%n",
        100 * report.flicker(), 100 * report.reliableShare());
    System.out.printf(
        "raw change %.1f%% of pixels per frame (no flow)%n", 100 * report.rawChange());
    StringBuilder perClass = new StringBuilder("by class");
    for (int c = 0; c < report.classFlicker().length; c++) {
      double share = report.classFlicker()[c];
      perClass
          .append(c == 0 ? " " : ", ")
          .append(labels.name(c))
          .append(Double.isNaN(share) ? " -" : String.format(" %.1f%%", 100 * share));
    }
    System.out.println(perClass);
    StringBuilder shares = new StringBuilder("share of pixels");
    for (int c = 0; c < report.classShares().length; c++) {
      shares
          .append(c == 0 ? " " : ", ")
          .append(labels.name(c))
          .append(String.format(" %.4f%%", 100 * report.classShares()[c]));
    }
    System.out.println(shares);
  }
}
