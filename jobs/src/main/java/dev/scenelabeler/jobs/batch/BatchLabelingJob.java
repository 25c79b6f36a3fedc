package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Labels video files with a Flink job in BATCH execution mode: a {@link VideoFileSource} (each file
 * one split, files in parallel) -> {@link LabelVideoFramesOperator} -> per-video files ({@link
 * WriteVideoOutputsOperator}) or mask records to Kafka ({@link MaskRecordsOperator}).
 *
 * <p>One frame path: source, labeler and writer are chained (forward, same parallelism, object
 * reuse), so each frame is decoded once, its Mat goes to the labeler as it is, the overlay is drawn
 * from the same Mat and the masks are encoded from the labeler's output; nothing is serialized in
 * between. Each video's outcome (ok, or failed with the reason) is reported through the {@link
 * VideoResultsAccumulator}: one video's failure never stops the others.
 */
public final class BatchLabelingJob {

  public static final String JOB_NAME = "scene-labeler label-video";

  private final JobOptions options;
  private final List<VideoInput> videos;
  private final FrameSourceOptions sampling;
  private final Sink<MaskRecord> maskSink; // null: files
  private final LabelerFactory labelerFactory;

  private BatchLabelingJob(
      JobOptions options,
      List<VideoInput> videos,
      FrameSourceOptions sampling,
      Sink<MaskRecord> maskSink,
      LabelerFactory labelerFactory) {
    if (videos.isEmpty()) {
      throw new IllegalArgumentException("no videos to label");
    }
    this.options = Objects.requireNonNull(options, "options");
    this.videos = List.copyOf(videos);
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.maskSink = maskSink;
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
  }

  /** Files written per video under each video's output folder. */
  public static BatchLabelingJob toFiles(
      JobOptions options,
      List<VideoInput> videos,
      FrameSourceOptions sampling,
      LabelerFactory labelerFactory) {
    return new BatchLabelingJob(options, videos, sampling, null, labelerFactory);
  }

  /** Mask records to {@code maskSink} (the masks topic) instead of files. */
  public static BatchLabelingJob toMaskSink(
      JobOptions options,
      List<VideoInput> videos,
      FrameSourceOptions sampling,
      Sink<MaskRecord> maskSink,
      LabelerFactory labelerFactory) {
    return new BatchLabelingJob(
        options, videos, sampling, Objects.requireNonNull(maskSink, "maskSink"), labelerFactory);
  }

  /** One subtask per video at most: a split is never shared. */
  public int parallelism() {
    return Math.min(
        videos.size(), options.parallelism().orElse(Runtime.getRuntime().availableProcessors()));
  }

  public void buildDataflow(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    // Required, not an optimization: elements carry native Mats by reference between chained
    // operators.
    env.getConfig().enableObjectReuse();
    env.setParallelism(parallelism());
    TypeInformation<VideoElement> elements = TypeInformation.of(VideoElement.class);
    SingleOutputStreamOperator<VideoElement> labeled =
        env.fromSource(
                new VideoFileSource(videos, sampling),
                WatermarkStrategy.noWatermarks(),
                "video files",
                elements)
            .uid("video-files")
            .transform(
                "label frames",
                elements,
                new LabelVideoFramesOperator(labelerFactory, options.labelingSettings()))
            .uid("label-frames");
    if (maskSink == null) {
      labeled
          .transform(
              "write outputs",
              TypeInformation.of(VideoResult.class),
              new WriteVideoOutputsOperator(videos))
          .uid("write-outputs")
          .sinkTo(new DiscardingSink<>())
          .name("videos done");
    } else {
      labeled
          .transform(
              "mask records", TypeInformation.of(MaskRecord.class), new MaskRecordsOperator())
          .uid("mask-records")
          .sinkTo(maskSink)
          .name("masks")
          .uid("masks-sink");
    }
  }

  /** Runs the job to its end; each video's result, in the order given. */
  public List<VideoResult> execute(StreamExecutionEnvironment env) throws Exception {
    buildDataflow(env);
    JobExecutionResult result = env.execute(JOB_NAME);
    return resultsInOrder(result.getAccumulatorResult(VideoResultsAccumulator.NAME));
  }

  /**
   * The videos' results from an accumulator snapshot, in the order given; a video the job never
   * reported (it had not started, or the job failed first) is not done.
   */
  public List<VideoResult> resultsInOrder(Object accumulated) {
    @SuppressWarnings("unchecked")
    Map<String, VideoResult> byCamera =
        accumulated instanceof Map<?, ?> map ? (Map<String, VideoResult>) map : new HashMap<>();
    List<VideoResult> ordered = new ArrayList<>();
    for (VideoInput video : videos) {
      ordered.add(
          byCamera.getOrDefault(
              video.cameraId(), new VideoResult(video.cameraId(), 0, 0, -1, null, false)));
    }
    return ordered;
  }

  public List<VideoInput> videos() {
    return videos;
  }
}
