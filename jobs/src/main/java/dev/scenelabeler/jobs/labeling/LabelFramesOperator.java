package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.flink.MaskStatsTypeInfo;
import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormatException;
import dev.scenelabeler.models.temporal.FramePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.api.common.TaskInfo;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frame records in, mask records out: the labeling step of the streaming job. This class keeps the
 * lifecycle, the watermark and the output; its collaborators do the rest: {@link FrameIntake}
 * parses a record once (no image decode on the task thread), {@link CameraQueues} holds the frames,
 * one FIFO per camera served round-robin, {@link StepScheduler} says when to label (a moment after
 * intake, up to {@code maxWait} for a full batch, at once when the queue is full: back-pressure;
 * {@link StepTimer} wakes it), {@link DecodeAhead} decodes the next batch on a background thread,
 * {@link DecodedFrameLabeler} labels, {@link LabelingOutput} emits masks and dead letters and
 * {@link SkipLedger} counts the skipped frames.
 *
 * <p><b>Freshness.</b> With a {@link FreshnessPolicy#live live} policy a frame that would be older
 * than the budget when its mask came out (when its batch is taken plus the last step's labeling
 * time) is skipped and counted ({@link SkipLedger}): on arrival, or when its camera's turn comes or
 * a newer frame of its camera arrives while a newer frame of its camera is queued. A camera's
 * newest queued frame is labeled however old: it is the freshest picture of that camera there is.
 * After a restore the replayed frames are judged again; the outcomes of the failed attempt are in
 * aborted transactions, so the committed output still has one outcome per frame.
 *
 * <p><b>State.</b> Keyed by camera, so a rescale moves a camera's state with it: its queued frames
 * ({@link QueuedFramesState}) and its temporal filter's history ({@link FilterHistories}), which
 * {@link DecodedFrameLabeler#labelInSequence} reads and writes frame by frame. Watermarks are held
 * back while a queued frame is not later than them, so no mask is emitted behind one.
 *
 * <p>A record that cannot be parsed (or whose key and value name different cameras), decoded or
 * labeled goes to {@link #DEAD_LETTERS} untouched, with the stage and reason; the operator never
 * fails on a bad record. Failures of the labeler itself on good input propagate, so Flink restarts
 * from the last checkpoint. Each mask carries its frame's capture timestamp; its {@link MaskStats}
 * goes to {@link #STATS}.
 */
public final class LabelFramesOperator extends AbstractStreamOperator<MaskRecord>
    implements OneInputStreamOperator<RawRecord, MaskRecord>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  // Our own, not the inherited AbstractStreamOperator.LOG: its Flink name is quiet in CLI logging.
  private static final Logger LOG = LoggerFactory.getLogger(LabelFramesOperator.class);

  /** Records the job could not label, untouched, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  /** One per mask: its statistics and the frames of its camera skipped since the previous mask. */
  public static final OutputTag<MaskStats> STATS =
      new OutputTag<>("mask-stats", MaskStatsTypeInfo.INSTANCE);

  private final LabelerFactory labelerFactory;
  private final LabelingSettings settings;
  private final FreshnessPolicy freshness;

  private transient DecodedFrameLabeler core;
  private transient LabelingMetrics metrics;
  private transient LabelingOutput out;
  private transient FrameIntake intake;
  private transient DecodeAhead<QueuedFrame> decodeAhead;
  private transient CameraQueues<QueuedFrame> queue;
  private transient StepScheduler scheduler;
  private transient SkipLedger skips;
  private transient StepTimer stepTimer;
  private transient QueuedFramesState queuedState;
  private transient FilterHistories histories;
  private transient Watermark heldWatermark;

  public LabelFramesOperator(LabelerFactory labelerFactory, LabelingSettings settings) {
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.freshness = settings.freshness();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    KeyedStateBackend<String> backend = getKeyedStateBackend();
    if (backend == null) {
      throw new IllegalStateException(
          "the labeling operator keeps each camera's state in keyed state: key its input by"
              + " camera");
    }
    queuedState = QueuedFramesState.initialize(context, backend);
    histories = FilterHistories.initialize(context, backend);
  }

  @Override
  public void open() throws Exception {
    super.open();
    String task = getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks();
    core =
        DecodedFrameLabeler.open(labelerFactory, settings, getRuntimeContext(), getMetricGroup());
    int batchSize = core.batchSize();
    LOG.info("Labeling {}: max wait {} ms; {}", task, settings.maxWait().toMillis(), freshness);
    metrics = core.metrics();
    intake = new FrameIntake(settings.maxFrameBytes());
    FrameImageDecoder decoder = new FrameImageDecoder();
    decodeAhead =
        new DecodeAhead<>(
            frame -> decoder.decode(frame.header(), frame.raw().value()),
            2 * batchSize,
            "decode-ahead " + task);
    queue = new CameraQueues<>(QueuedFrame.FRAMES);
    scheduler =
        new StepScheduler(
            batchSize, settings.maxWait().toMillis(), settings.queueCapacity(batchSize));
    skips = new SkipLedger(metrics);
    stepTimer = new StepTimer(getProcessingTimeService(), this::onStepDue);
    out = new LabelingOutput(output, metrics, new MaskRecords(core.info()), skips);
    List<RawRecord> restored =
        queuedState.restored(
            raw -> ownsCamera(FrameIntake.cameraOf(raw)),
            raw ->
                LOG.warn(
                    "Labeling {}: a frame of camera {} queued at a checkpoint of an older version"
                        + " belongs to another subtask and is lost: restore such a checkpoint at"
                        + " its own parallelism",
                    task,
                    FrameIntake.cameraOf(raw)));
    if (!restored.isEmpty()) {
      LOG.info(
          "Labeling {}: {} frames queued at the checkpoint are queued again",
          task,
          restored.size());
      for (RawRecord raw : restored) {
        take(raw);
      }
    }
  }

  private boolean ownsCamera(String camera) {
    TaskInfo task = getRuntimeContext().getTaskInfo();
    return KeyGroupRangeAssignment.assignKeyToParallelOperator(
            camera, task.getMaxNumberOfParallelSubtasks(), task.getNumberOfParallelSubtasks())
        == task.getIndexOfThisSubtask();
  }

  @Override
  public void processElement(StreamRecord<RawRecord> element) throws Exception {
    take(element.getValue());
  }

  /**
   * Intake: parse the header and queue (skipping what the new frame supersedes); no decode here.
   */
  private void take(RawRecord raw) throws Exception {
    metrics.camera(FrameIntake.cameraOf(raw)).framesIn.inc();
    long now = now();
    QueuedFrame frame;
    try {
      frame = intake.read(raw, now);
    } catch (RecordFormatException e) {
      out.deadLetter(raw, Stages.PARSE_FRAME, e);
      return;
    }
    // Late on arrival means a backlog upstream, not worth a place in the queue; a frame that only
    // waited for the task thread to finish the last labeling step is not late for that.
    if (freshness.isStale(frame.captureMs() + scheduler.lastStepMs(), now)) {
      skip(frame);
      return;
    }
    while (scheduler.isFull(queue.size())) {
      queue.dropStale(now, freshness, this::skip);
      if (scheduler.isFull(queue.size())) {
        labelStep(); // back-pressure: the queue is full of frames worth labeling
      }
    }
    scheduler.frameTaken(now, queue.isEmpty());
    queue.add(frame, now, freshness, this::skip);
    metrics.queued(queue.size());
    if (queue.size() <= core.batchSize()) {
      prefetchNextBatch(now); // likely in the next batch: decode it while the step timer waits
    }
    scheduleStep();
  }

  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  private void scheduleStep() {
    stepTimer.arm(scheduler.schedule(now(), queue.size(), queue.earliest(QueuedFrame::queuedAtMs)));
  }

  private void onStepDue(long timestamp) throws Exception {
    long start = now();
    StepScheduler.Decision decision = scheduler.onDue(start, queue.size());
    if (decision.action() != StepScheduler.Action.LABEL_NOW) {
      stepTimer.arm(decision);
      return;
    }
    labelStep();
    scheduler.stepDone(start, now());
    scheduleStep();
  }

  /**
   * Takes the next batch in camera turn order, skipping the frames that would be stale when their
   * masks come out (one labeling step from now), and labels it.
   */
  private void labelStep() throws Exception {
    List<QueuedFrame> taken =
        queue.take(core.batchSize(), now() + scheduler.lastStepMs(), freshness, this::skip);
    metrics.queued(queue.size());
    List<QueuedFrame> frames = new ArrayList<>(taken.size());
    List<SequencedFrame> images = new ArrayList<>(taken.size());
    try {
      for (QueuedFrame frame : taken) {
        try {
          Mat image = decodeAhead.take(frame);
          images.add(
              new SequencedFrame(
                  image, frame.camera(), new FramePosition(frame.sequence(), frame.captureMs())));
          frames.add(frame);
        } catch (FrameImageDecoder.UndecodableImageException e) {
          out.deadLetter(frame.raw(), Stages.DECODE_IMAGE, e);
        }
      }
      prefetchNextBatch(now() + scheduler.lastStepMs());
      out.labeled(frames, core.labelInSequence(images, histories));
    } finally {
      images.forEach(image -> image.bgr().release());
    }
    releaseWatermarkIfClear();
  }

  /** Starts decoding the frames the next step, due about {@code takeAtMs}, is expected to take. */
  private void prefetchNextBatch(long takeAtMs) {
    decodeAhead.prefetch(
        queue.peek(core.batchSize(), takeAtMs + scheduler.lastStepMs(), freshness));
  }

  /** Labels every queued frame (or skips the stale): end of input. */
  private void labelAll() throws Exception {
    if (stepTimer.cancel()) {
      scheduler.cancelled();
    }
    while (!queue.isEmpty()) {
      labelStep();
    }
    releaseWatermarkIfClear();
  }

  private void skip(QueuedFrame frame) {
    decodeAhead.forget(frame);
    skips.skipped(frame.camera());
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    heldWatermark = mark; // released once no queued frame could be behind it
    releaseWatermarkIfClear();
  }

  private void releaseWatermarkIfClear() throws Exception {
    if (heldWatermark != null
        && queue.earliest(QueuedFrame::captureMs) > heldWatermark.getTimestamp()) {
      Watermark watermark = heldWatermark;
      heldWatermark = null;
      super.processWatermark(watermark);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    queuedState.snapshot(queue);
  }

  @Override
  public void endInput() throws Exception {
    labelAll(); // a bounded input (a video file, a test) ends: nothing waits for more frames
  }

  @Override
  public void finish() throws Exception {
    labelAll();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (decodeAhead != null) {
        decodeAhead.close();
      }
      if (queue != null) {
        queue.clear();
      }
      if (core != null) {
        core.close();
        core = null;
      }
    } finally {
      super.close();
    }
  }

  /** Frames queued now, for tests. */
  int pendingFrames() {
    return queue == null ? 0 : queue.size();
  }

  /** The counters, for tests. */
  LabelingMetrics metrics() {
    return metrics;
  }
}
