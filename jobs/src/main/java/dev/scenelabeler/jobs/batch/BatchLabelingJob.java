package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.labeling.LabelFramesOperator;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Labels video files with a Flink job in BATCH execution mode: a {@link VideoFileSource}
 * (each file one split, files in parallel) -> the streaming job's {@link LabelFramesOperator}
 * -> a mask sink: per-video files ({@link VideoOutputsSink}) or the masks topic.
 * Source, operator and sink are chained (forward, same parallelism), so a video's frames are
 * read, labeled and written by one subtask, in order, without being serialized in between.
 */
public final class BatchLabelingJob {

  public static final String JOB_NAME = "scene-labeler label-video";

  private final JobOptions options;
  private final List<VideoInput> videos;
  private final Sampling sampling;
  private final String runId;
  private final Sink<MaskRecord> maskSink;
  private final LabelerFactory labelerFactory;

  public BatchLabelingJob(JobOptions options, List<VideoInput> videos, Sampling sampling, String runId,
      Sink<MaskRecord> maskSink, LabelerFactory labelerFactory) {
    if (videos.isEmpty()) {
      throw new IllegalArgumentException("no videos to label");
    }
    this.options = Objects.requireNonNull(options, "options");
    this.videos = List.copyOf(videos);
    this.sampling = Objects.requireNonNull(sampling, "sampling");
    this.runId = Objects.requireNonNull(runId, "runId");
    this.maskSink = Objects.requireNonNull(maskSink, "maskSink");
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
  }

  /** Files written per video under each video's output folder. */
  public static BatchLabelingJob toFiles(JobOptions options, List<VideoInput> videos, Sampling sampling,
      String runId, LabelerFactory labelerFactory) {
    return new BatchLabelingJob(options, videos, sampling, runId,
        new VideoOutputsSink(videos, sampling, runId), labelerFactory);
  }

  /** One subtask per video at most: a split is never shared. */
  public int parallelism() {
    return Math.min(videos.size(), options.parallelism().orElse(Runtime.getRuntime().availableProcessors()));
  }

  public void buildDataflow(StreamExecutionEnvironment env) {
    env.setRuntimeMode(RuntimeExecutionMode.BATCH);
    env.getConfig().enableObjectReuse(); // records are never changed after emission
    env.setParallelism(parallelism());
    SingleOutputStreamOperator<MaskRecord> masks = env
        .fromSource(new VideoFileSource(videos, sampling, runId, options.maxFrameBytes()),
            WatermarkStrategy.<RawRecord>noWatermarks(), "video files")
        .uid("video-files")
        .transform("label frames", TypeInformation.of(MaskRecord.class), new LabelFramesOperator(
            labelerFactory, options.device(), options.batchSize().isPresent() ? options.batchSize().getAsInt() : null,
            options.maxBatchWait(), options.maxFrameBytes()))
        .uid("label-frames");
    masks.sinkTo(maskSink).name("masks").uid("masks-sink");
    // Bad frames are logged (with reason) by the operator; there is no topic to keep them in.
    masks.getSideOutput(LabelFramesOperator.DEAD_LETTERS)
        .sinkTo(new DiscardingSink<DeadLetter>()).name("dead letters (logged)");
  }

  public void execute(StreamExecutionEnvironment env) throws Exception {
    buildDataflow(env);
    env.execute(JOB_NAME);
  }

  public List<VideoInput> videos() {
    return videos;
  }

  public String runId() {
    return runId;
  }
}
