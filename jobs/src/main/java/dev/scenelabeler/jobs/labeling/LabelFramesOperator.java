package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.flink.MaskStatsTypeInfo;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormatException;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.models.SceneMask;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
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
 * Frame records in, mask records out; the one labeling step of both the streaming and the
 * batch job.
 *
 * <p><b>Intake and labeling are separate steps.</b> {@link #processElement} only parses a
 * record's header (no image decode on the task thread) and queues it in {@link CameraQueues},
 * one FIFO per camera. Labeling runs in a processing-time timer a moment later ({@link #INTAKE_MS}); while
 * frames keep arriving the moment is extended, slice by slice, up to a quarter of the last
 * batch's labeling time ({@link #MAX_INTAKE_SHARE}), so the task thread takes in the frames
 * that arrived while the previous batch was labeled before it picks the next batch: cameras are served round-robin (a 15 frames/s camera cannot
 * starve a 2 frames/s one), up to {@code batchSize} frames per forward pass, each camera's
 * frames in sequence order. The frames the next batch is expected to take are decoded meanwhile
 * on a background thread ({@link DecodeAhead}), so the JPEG decode leaves the labeling path. A batch waits for more frames at most {@code maxWait} after its
 * first frame arrived. The queue holds at most {@link #queueCapacity()} frames; when it is
 * full, intake labels a batch first (back-pressure to the source).
 *
 * <p><b>Freshness.</b> With a {@link FreshnessPolicy#live live} policy a frame older than the
 * budget on arrival, or when its camera's turn comes (or a newer frame of its camera arrives)
 * while a newer frame of its camera is queued, is <em>skipped</em>: not labeled (nor decoded, unless
 * it was expected in the next batch and decoded ahead), counted per camera
 * (metric {@code camera.<id>.framesSkipped}), and reported in the {@code skipped} field of the
 * camera's next {@link MaskStats}. A camera's newest queued frame is labeled even when it grew
 * older than the budget while queued: it is the freshest picture of that camera there is, and a camera whose frames all
 * waited longer than the budget (the labeler's round over many cameras takes longer) still gets
 * masks. The age is the task's clock minus the capture time at the moment the frame's mask
 * would come out: when the labeler takes the batch plus the last step's labeling time. So
 * capture -> mask stays about the budget however long a step is (or one round of the cameras
 * plus a step, if that is longer). Per camera, masks + skipped + dead letters = frames in. After
 * a restore the replayed frames are judged again (and, being older, more are skipped): exactly-once still means that each frame has one outcome in the
 * committed output, since the outcomes of the failed attempt are in aborted transactions.
 *
 * <p><b>Checkpoints.</b> The queued frames (raw records) are the operator's state, so a
 * checkpoint never waits for labeling; after a restore they are queued again. Watermarks are
 * held back while a queued frame is not later than them, so no mask is emitted behind one.
 *
 * <p>A record that cannot be parsed, decoded or labeled goes to {@link #DEAD_LETTERS} with the
 * stage and reason; the operator never fails on a bad record. Failures of the labeler itself
 * on good input (the engine) propagate, so Flink restarts from the last checkpoint. Each mask
 * carries its frame's capture timestamp; its {@link MaskStats} goes to {@link #STATS}.
 */
public final class LabelFramesOperator extends AbstractStreamOperator<MaskRecord>
    implements OneInputStreamOperator<RawRecord, MaskRecord>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  // Our own, not the inherited AbstractStreamOperator.LOG: its Flink name is quiet in CLI logging.
  private static final Logger LOG = LoggerFactory.getLogger(LabelFramesOperator.class);

  /** Records the job could not label, untouched, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};
  /** One per mask: its statistics and the frames of its camera skipped since the previous mask. */
  public static final OutputTag<MaskStats> STATS = new OutputTag<>("mask-stats", MaskStatsTypeInfo.INSTANCE);
  /**
   * How long after a frame arrives (or a batch is labeled) the next batch is picked: long
   * enough for the task thread to take in the frames that arrived meanwhile (microseconds
   * each), short against a frame's labeling time (tens to hundreds of milliseconds).
   */
  static final long INTAKE_MS = 1;
  /** Intake may last at most this share of the previous labeling step before the next one. */
  static final double MAX_INTAKE_SHARE = 0.25;

  private final LabelerFactory labelerFactory;
  private final LabelingSettings settings;
  private final long maxWaitMs;
  private final int maxFrameBytes;
  private final FreshnessPolicy freshness;

  private transient DecodedFrameLabeler core;
  private transient MaskRecords masks;
  private transient DecodeAhead<QueuedFrame> decodeAhead;
  private transient RecordLimits limits;
  private transient LabelingMetrics metrics;
  private transient int batchSize;
  private transient CameraQueues<QueuedFrame> queue;
  private transient Map<String, Long> skippedSinceMask; // per camera, reported on its next stats
  private transient ListState<RawRecord> queuedState;
  private transient List<RawRecord> restored;
  private transient ScheduledFuture<?> stepTimer;
  private transient long stepAt;
  private transient long framesTakenIn; // ever queued, to see whether intake is still busy
  private transient long framesTakenInAtArm;
  private transient long intakeStartedAt; // processing time the current intake window began
  private transient long lastStepMs;
  private transient Watermark heldWatermark;

  public LabelFramesOperator(LabelerFactory labelerFactory, LabelingSettings settings) {
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.maxWaitMs = settings.maxWait().toMillis();
    this.maxFrameBytes = settings.maxFrameBytes();
    this.freshness = settings.freshness();
  }

  @Override
  public void initializeState(StateInitializationContext context) throws Exception {
    super.initializeState(context);
    queuedState = context.getOperatorStateStore().getListState(
        new ListStateDescriptor<>("queued-frames", TypeInformation.of(RawRecord.class)));
    restored = new ArrayList<>();
    if (context.isRestored()) {
      queuedState.get().forEach(restored::add);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    core = DecodedFrameLabeler.open(labelerFactory, settings, getRuntimeContext(), getMetricGroup());
    batchSize = core.batchSize();
    metrics = core.metrics();
    masks = new MaskRecords(core.info());
    LOG.info("Labeling {}: max wait {} ms; {}", getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(),
        maxWaitMs, freshness);
    FrameImageDecoder decoder = new FrameImageDecoder();
    decodeAhead = new DecodeAhead<>(frame -> decoder.decode(frame.frame), 2 * batchSize,
        "decode-ahead " + getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks());
    limits = new RecordLimits(maxFrameBytes);
    queue = new CameraQueues<>(QueuedFrame.FRAMES);
    skippedSinceMask = new HashMap<>();
    stepAt = Long.MAX_VALUE;
    if (restored != null && !restored.isEmpty()) {
      LOG.info("Labeling {}: {} frames queued at the checkpoint are queued again",
          getRuntimeContext().getTaskInfo().getTaskNameWithSubtasks(), restored.size());
      for (RawRecord raw : restored) {
        take(raw);
      }
    }
    restored = null;
  }

  @Override
  public void processElement(StreamRecord<RawRecord> element) throws Exception {
    take(element.getValue());
  }

  /** Intake: parse the header and queue (skipping what the new frame supersedes); no decode here. */
  private void take(RawRecord raw) throws Exception {
    LabelingMetrics.Camera camera = metrics.camera(cameraOf(raw));
    camera.framesIn.inc();
    FrameRecord frame;
    try {
      frame = parse(raw);
    } catch (RecordFormatException | IllegalArgumentException e) {
      deadLetter(raw, Stages.PARSE_FRAME, e);
      return;
    }
    long now = now();
    QueuedFrame queued = new QueuedFrame(raw, frame, camera.id, now);
    // Late on arrival means a backlog upstream, not worth a place in the queue; a frame that only
    // waited for the task thread to finish the last labeling step is not late for that.
    if (freshness.isStale(frame.captureTimestampMs() + lastStepMs, now)) {
      skip(queued);
      return;
    }
    while (queue.size() >= queueCapacity()) {
      queue.dropStale(now, freshness, this::skip);
      if (queue.size() >= queueCapacity()) {
        labelStep(); // back-pressure: the queue is full of frames worth labeling, so label one batch now
      }
    }
    if (queue.isEmpty() && stepTimer == null) {
      intakeStartedAt = now; // idle until now: the intake window starts with this frame
    }
    queue.add(queued, now, freshness, this::skip);
    framesTakenIn++;
    metrics.queued(queue.size());
    if (queue.size() <= batchSize) {
      prefetchNextBatch(now); // likely in the next batch: decode it while the step timer waits
    }
    scheduleStep();
  }

  private static String cameraOf(RawRecord raw) {
    return raw.key() == null ? "" : new String(raw.key(), StandardCharsets.UTF_8);
  }

  private FrameRecord parse(RawRecord raw) {
    if (raw.value() == null || raw.value().length == 0) {
      throw new RecordFormatException("frame record value is "
          + (raw.value() == null ? "null (a tombstone)" : "empty (0 bytes)"));
    }
    if (raw.value().length > limits.maxRecordBytes()) {
      throw new RecordFormatException("frame record is " + raw.value().length
          + " bytes, larger than the limit of " + limits.maxRecordBytes() + " (max frame bytes "
          + maxFrameBytes + " + metadata)");
    }
    return FrameRecordFormat.INSTANCE.read(raw.value(), limits);
  }

  private long now() {
    return getProcessingTimeService().getCurrentProcessingTime();
  }

  /** Most frames queued before intake labels a batch itself. */
  int queueCapacity() {
    return settings.queueCapacity(batchSize);
  }

  /**
   * Makes sure a labeling step is due: {@link #INTAKE_MS} from now when a full batch waits (or
   * batches are not waited for), else when the earliest queued frame has waited maxWait.
   */
  private void scheduleStep() {
    if (queue.isEmpty()) {
      return;
    }
    long now = now();
    long due = queue.size() >= batchSize || maxWaitMs == 0 ? now + INTAKE_MS
        : Math.max(now + INTAKE_MS, queue.earliest(f -> f.queuedAtMs) + maxWaitMs);
    if (stepTimer != null && stepAt <= due) {
      return;
    }
    if (stepTimer != null) {
      stepTimer.cancel(false);
    }
    stepAt = due;
    framesTakenInAtArm = framesTakenIn;
    stepTimer = getProcessingTimeService().registerTimer(due, this::onStepDue);
  }

  private void onStepDue(long timestamp) throws Exception {
    stepTimer = null;
    stepAt = Long.MAX_VALUE;
    long now = now();
    boolean intakeBusy = framesTakenIn > framesTakenInAtArm;
    long maxIntakeMs = Math.max(INTAKE_MS, (long) (MAX_INTAKE_SHARE * lastStepMs));
    if (intakeBusy && now - intakeStartedAt < maxIntakeMs && queue.size() < queueCapacity()) {
      // Frames are still coming in (a backlog that built up while labeling): take them first.
      stepAt = now + INTAKE_MS;
      framesTakenInAtArm = framesTakenIn;
      stepTimer = getProcessingTimeService().registerTimer(stepAt, this::onStepDue);
      return;
    }
    labelStep();
    long done = now();
    lastStepMs = done - now;
    intakeStartedAt = done;
    scheduleStep();
  }

  /**
   * Takes the next batch in camera turn order, skipping the frames that would be stale when their
   * masks come out (one labeling step from now), and labels it.
   */
  private void labelStep() throws Exception {
    List<QueuedFrame> taken = queue.take(batchSize, now() + lastStepMs, freshness, this::skip);
    metrics.queued(queue.size());
    List<PendingFrame> batch = new ArrayList<>(taken.size());
    try {
      for (QueuedFrame frame : taken) {
        try {
          batch.add(new PendingFrame(frame, decodeAhead.take(frame)));
        } catch (FrameImageDecoder.UndecodableImageException e) {
          deadLetter(frame.raw, Stages.DECODE_IMAGE, e);
        }
      }
      prefetchNextBatch(now() + lastStepMs);
      if (!batch.isEmpty()) {
        labelBatch(batch);
      }
    } finally {
      batch.forEach(PendingFrame::release);
    }
    releaseWatermarkIfClear();
  }

  /** Starts decoding the frames the next step, due about {@code takeAtMs}, is expected to take. */
  private void prefetchNextBatch(long takeAtMs) {
    decodeAhead.prefetch(queue.peek(batchSize, takeAtMs + lastStepMs, freshness));
  }

  /** Labels every queued frame (or skips the stale): end of input. */
  private void labelAll() throws Exception {
    if (stepTimer != null) {
      stepTimer.cancel(false);
      stepTimer = null;
      stepAt = Long.MAX_VALUE;
    }
    while (!queue.isEmpty()) {
      labelStep();
    }
    releaseWatermarkIfClear();
  }

  private void skip(QueuedFrame frame) {
    decodeAhead.forget(frame);
    skippedSinceMask.merge(frame.camera, 1L, Long::sum);
    metrics.camera(frame.camera).framesSkipped.inc();
  }

  private void labelBatch(List<PendingFrame> batch) {
    List<Mat> images = new ArrayList<>(batch.size());
    batch.forEach(frame -> images.add(frame.image));
    List<DecodedFrameLabeler.Outcome> outcomes = core.label(images);
    long labeledAt = System.currentTimeMillis();
    for (int i = 0; i < batch.size(); i++) { // batch order keeps each camera's masks in order
      DecodedFrameLabeler.Outcome outcome = outcomes.get(i);
      if (outcome.refused() != null) {
        deadLetter(batch.get(i).queued.raw, Stages.LABEL, outcome.refused());
      } else {
        emit(batch.get(i).queued, outcome.mask(), labeledAt);
      }
    }
  }

  private void emit(QueuedFrame frame, SceneMask mask, long labeledAt) {
    long capture = frame.frame.captureTimestampMs();
    MaskRecord record = masks.of(frame.camera, frame.frame.sequence(), capture, mask, labeledAt);
    output.collect(new StreamRecord<>(record, capture));
    Long skipped = skippedSinceMask.remove(frame.camera);
    output.collect(STATS, new StreamRecord<>(MaskStats.of(record, skipped == null ? 0 : skipped), capture));
    metrics.camera(frame.camera).framesLabeled.inc();
    metrics.endToEndLatencyMs.update(System.currentTimeMillis() - capture);
  }

  private void deadLetter(RawRecord raw, String stage, Exception error) {
    DeadLetter letter = DeadLetter.of(raw, stage, error);
    LOG.warn("Dead letter from {} at {}: {}", raw.origin(), stage, letter.reason());
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter, raw.timestamp()));
    metrics.camera(cameraOf(raw)).deadLetters.inc();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    heldWatermark = mark; // released once no queued frame could be behind it
    releaseWatermarkIfClear();
  }

  private void releaseWatermarkIfClear() throws Exception {
    if (heldWatermark != null && queue.earliest(f -> f.frame.captureTimestampMs()) > heldWatermark.getTimestamp()) {
      Watermark watermark = heldWatermark;
      heldWatermark = null;
      super.processWatermark(watermark);
    }
  }

  @Override
  public void snapshotState(StateSnapshotContext context) throws Exception {
    super.snapshotState(context);
    List<RawRecord> queued = new ArrayList<>(queue.size());
    for (QueuedFrame frame : queue.all()) {
      queued.add(frame.raw);
    }
    queuedState.update(queued);
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

  /** The batch size this subtask settled on, for tests. */
  int batchSize() {
    return batchSize;
  }

  /** A parsed frame waiting for its camera's turn; its image is still encoded. */
  private static final class QueuedFrame {
    static final CameraQueues.Frames<QueuedFrame> FRAMES = new CameraQueues.Frames<>() {
      @Override
      public String camera(QueuedFrame frame) {
        return frame.camera;
      }

      @Override
      public long captureMs(QueuedFrame frame) {
        return frame.frame.captureTimestampMs();
      }
    };

    final RawRecord raw;
    final FrameRecord frame;
    final String camera;
    final long queuedAtMs;

    QueuedFrame(RawRecord raw, FrameRecord frame, String camera, long queuedAtMs) {
      this.raw = raw;
      this.frame = frame;
      this.camera = camera;
      this.queuedAtMs = queuedAtMs;
    }
  }

  /** A frame of the batch being labeled; owns its decoded Mat. */
  private static final class PendingFrame {
    final QueuedFrame queued;
    final Mat image;

    PendingFrame(QueuedFrame queued, Mat image) {
      this.queued = queued;
      this.image = image;
    }

    void release() {
      image.release();
    }
  }
}
