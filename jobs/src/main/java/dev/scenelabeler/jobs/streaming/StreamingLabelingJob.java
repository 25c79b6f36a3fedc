package dev.scenelabeler.jobs.streaming;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.jobs.labeling.LabelFramesOperator;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.jobs.options.JobOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The streaming labeling job: frames -> label (keyed by camera) -> masks, plus per-frame stats and
 * dead letters. It takes its source, sinks and labeler from outside; {@link KafkaWiring} supplies
 * the production Kafka ones, tests may supply their own. {@link #buildDataflow} adds the graph to
 * an environment; {@link #execute} also configures checkpointing and runs it.
 */
public final class StreamingLabelingJob {

  public static final String JOB_NAME = "scene-labeler streaming";

  /**
   * Frames may arrive this late relative to each other (publisher batching, several partitions).
   */
  static final Duration MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);

  /** A camera partition silent this long stops holding back the watermark. */
  static final Duration SOURCE_IDLENESS = Duration.ofSeconds(5);

  private final JobOptions options;
  private final Source<RawRecord, ?, ?> source;
  private final Sink<MaskRecord> maskSink;
  private final Sink<MaskStats> statsSink;
  private final Sink<DeadLetter> deadLetterSink;
  private final LabelerFactory labelerFactory;

  public StreamingLabelingJob(
      JobOptions options,
      Source<RawRecord, ?, ?> source,
      Sink<MaskRecord> maskSink,
      Sink<MaskStats> statsSink,
      Sink<DeadLetter> deadLetterSink,
      LabelerFactory labelerFactory) {
    this.options = Objects.requireNonNull(options, "options");
    this.source = Objects.requireNonNull(source, "source");
    this.maskSink = Objects.requireNonNull(maskSink, "maskSink");
    this.statsSink = Objects.requireNonNull(statsSink, "statsSink");
    this.deadLetterSink = Objects.requireNonNull(deadLetterSink, "deadLetterSink");
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
  }

  /** The production job: Kafka in and out, as {@code options} say. */
  public static StreamingLabelingJob onKafka(JobOptions options, LabelerFactory labelerFactory) {
    return onKafka(options, KafkaWiring.frameSource(options), labelerFactory);
  }

  /** Kafka sinks as {@code options} say, frames from {@code source} (e.g. a bounded replay). */
  public static StreamingLabelingJob onKafka(
      JobOptions options, Source<RawRecord, ?, ?> source, LabelerFactory labelerFactory) {
    return new StreamingLabelingJob(
        options,
        source,
        KafkaWiring.maskSink(options),
        KafkaWiring.statsSink(options),
        KafkaWiring.deadLetterSink(options),
        labelerFactory);
  }

  /** The streams the graph produces, for tests that want to look at them before the sinks. */
  public record Dataflow(
      DataStream<MaskRecord> masks,
      DataStream<MaskStats> stats,
      DataStream<DeadLetter> deadLetters) {}

  /** Configures checkpointing and parallelism for this job on {@code env}. */
  public void configure(StreamExecutionEnvironment env) {
    // Checkpoints carry the source offsets and commit the mask transactions; the labeling
    // operator's state is the frames it has queued (raw records), so a barrier never waits for
    // labeling.
    env.enableCheckpointing(
        options.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    env.getCheckpointConfig()
        .setMinPauseBetweenCheckpoints(Math.min(500, options.checkpointInterval().toMillis() / 2));
    // Labeling a frame takes ~100 ms on a CPU, so a barrier queued behind a few buffers of
    // frames would wait seconds: let it overtake them (the frames in flight are stored in
    // the checkpoint instead) when alignment takes longer than this.
    env.getCheckpointConfig().enableUnalignedCheckpoints();
    env.getCheckpointConfig().setAlignedCheckpointTimeout(Duration.ofMillis(100));
    // A frame record (tens of KB) fills network buffers but the last one; that part would wait for
    // the camera's next frame or Flink's 100 ms flush before the labeler sees the frame: latency a
    // live camera feels, for no gain with records this large. Each record is flushed at once.
    env.setBufferTimeout(0);
    // Records are never mutated after they are emitted, so chained operators may share them
    // instead of deep-copying every frame and mask.
    env.getConfig().enableObjectReuse();
    options.parallelism().ifPresent(env::setParallelism);
    // Checkpoints that outlive the process (and a cancel), so a restarted job resumes from
    // them; without a directory the environment's own storage applies (a cluster's).
    options
        .checkpointDir()
        .ifPresent(
            dir ->
                env.configure(
                    DurableCheckpoints.retainIn(
                        new Configuration(), DurableCheckpoints.toUri(dir))));
  }

  /** Adds source -> label -> sinks to {@code env}. */
  public Dataflow buildDataflow(StreamExecutionEnvironment env) {
    DataStream<RawRecord> frames =
        env.fromSource(source, watermarks(), "frames").uid("frames-source");

    SingleOutputStreamOperator<MaskRecord> masks =
        frames
            .keyBy(new CameraKey(), Types.STRING)
            .transform(
                "label frames",
                TypeInformation.of(MaskRecord.class),
                new LabelFramesOperator(labelerFactory, options.labelingSettings()))
            .uid("label-frames");

    DataStream<DeadLetter> deadLetters = masks.getSideOutput(LabelFramesOperator.DEAD_LETTERS);
    // From the operator, not mapped from the masks: only it knows the frames skipped before each.
    DataStream<MaskStats> stats = masks.getSideOutput(LabelFramesOperator.STATS);

    // Each sink in a task of its own, fed one to one (rescale, same parallelism: a camera's masks
    // stay in order): at every checkpoint a transactional Kafka sink flushes its producer, starts
    // the next transaction (InitProducerId) and commits the last, each a wait for the broker.
    // Chained to the labeling operator, its thread would wait with them.
    masks.rescale().sinkTo(maskSink).name("masks sink").uid("masks-sink");
    stats.rescale().sinkTo(statsSink).name("stats sink").uid("stats-sink");
    deadLetters.rescale().sinkTo(deadLetterSink).name("dead-letter sink").uid("dead-letter-sink");
    return new Dataflow(masks, stats, deadLetters);
  }

  /** Configures {@code env}, builds the graph and submits it; returns at once. */
  public JobClient executeAsync(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    buildDataflow(env);
    return env.executeAsync(JOB_NAME);
  }

  /** Configures {@code env}, builds the graph and runs it until it ends or fails. */
  public void execute(StreamExecutionEnvironment env) throws Exception {
    configure(env);
    buildDataflow(env);
    env.execute(JOB_NAME);
  }

  public JobOptions options() {
    return options;
  }

  private static WatermarkStrategy<RawRecord> watermarks() {
    // Kafka record time = the frame's capture time as the publisher set it; the labeling
    // operator re-stamps each mask with the capture time parsed from the record itself.
    return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(MAX_OUT_OF_ORDERNESS)
        .withTimestampAssigner((raw, kafkaTimestamp) -> raw.timestamp())
        .withIdleness(SOURCE_IDLENESS);
  }

  /** Frames are keyed by the Kafka key, the camera id, so one camera's frames stay in order. */
  static final class CameraKey implements KeySelector<RawRecord, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getKey(RawRecord raw) {
      return raw.key() == null ? "" : new String(raw.key(), StandardCharsets.UTF_8);
    }
  }
}
