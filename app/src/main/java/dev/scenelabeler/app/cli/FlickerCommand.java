package dev.scenelabeler.app.cli;

import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.VideoFrame;
import dev.scenelabeler.models.LabelSet;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.cli.ModelOptions;
import dev.scenelabeler.models.eval.Flicker;
import dev.scenelabeler.models.eval.FlickerReport;
import dev.scenelabeler.models.temporal.FramePosition;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import dev.scenelabeler.models.temporal.VideoSequenceLabeler;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
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
      names = TemporalFilterSettings.FLAG,
      paramLabel = TemporalFilterSettings.PARAM_LABEL,
      description = TemporalFilterSettings.DESCRIPTION + " (default: ${DEFAULT-VALUE})",
      defaultValue = "flow",
      converter = ModelOptions.TemporalFilterConverter.class)
  TemporalFilterSettings temporalFilter;

  @Mixin ModelOptions model;

  @Override
  public Integer call() throws Exception {
    OpenCv.load();
    FrameSourceOptions options =
        every == null ? FrameSourceOptions.defaults() : FrameSourceOptions.defaults().every(every);
    FlickerReport report;
    LabelSet labels;
    try (SceneModel loaded = model.open();
        SceneLabeler labeler = model.newLabeler(loaded);
        FrameSource source = FrameSource.open(video, options);
        VideoSequenceLabeler sequence = new VideoSequenceLabeler(labeler, temporalFilter)) {
      labels = labeler.info().labelSet();
      try (Flicker flicker = new Flicker(labels.size())) {
        int frames = 0;
        Optional<VideoFrame> next;
        while ((maxFrames == null || frames < maxFrames) && (next = source.next()).isPresent()) {
          VideoFrame frame = next.get();
          try {
            flicker.add(
                frame.bgr(),
                sequence
                    .label(
                        frame.bgr(),
                        new FramePosition(frame.index(), frame.timestampMicros() / 1000))
                    .classes());
          } finally {
            frame.bgr().release();
          }
          frames++;
        }
        report = flicker.report();
      }
    }
    print(report, labels);
    return report.pairs() > 0 ? 0 : 1;
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
