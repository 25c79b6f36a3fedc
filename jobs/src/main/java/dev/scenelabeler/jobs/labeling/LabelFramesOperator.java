package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormatException;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;
import org.opencv.core.Mat;

/**
 * Frame records in, mask records out; the one labeling step of both the streaming and the
 * batch job.
 *
 * <p>Each record is parsed and its image decoded into a Mat once, then buffered; the buffer is
 * labeled in one forward pass when it holds {@code batchSize} frames or its oldest frame has
 * waited {@code maxWait} (a processing-time timer), whichever comes first. The buffer is also
 * labeled before every checkpoint barrier ({@link #prepareSnapshotPreBarrier}) and at end of
 * input, so it is always empty in a snapshot: no frame is lost or labeled twice across a
 * restart, and no operator state is needed. Watermarks are held back while frames are
 * buffered so that no mask is emitted behind a watermark.
 *
 * <p>A record that cannot be parsed, decoded or labeled goes to {@link #DEAD_LETTERS} with the
 * stage and reason; the operator never fails on a bad record. Failures of the labeler itself
 * on good input (the engine) propagate, so Flink restarts from the last checkpoint.
 *
 * <p>Masks are emitted in arrival order, so with the input keyed by camera, each camera's
 * masks leave in sequence order. Each mask carries its frame's capture timestamp.
 */
public final class LabelFramesOperator extends AbstractStreamOperator<MaskRecord>
    implements OneInputStreamOperator<RawRecord, MaskRecord>, BoundedOneInput {

  private static final long serialVersionUID = 1L;

  /** Records the job could not label, untouched, with the reason. */
  public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

  private final LabelerFactory labelerFactory;
  private final String requestedDevice; // DeviceSpec is not Serializable; parsed in open()
  private final Integer requestedBatchSize; // null: per device
  private final long maxWaitMs;
  private final int maxFrameBytes;

  private transient DecodedFrameLabeler labeler;
  private transient LabelSetDescriptor labelSet;
  private transient ModelInfo modelInfo;
  private transient FrameImageDecoder decoder;
  private transient RecordLimits limits;
  private transient LabelingMetrics metrics;
  private transient int batchSize;
  private transient List<PendingFrame> pending;
  private transient ScheduledFuture<?> batchTimer;
  private transient Watermark heldWatermark;

  /**
   * @param batchSize frames per forward pass; {@code null} picks 1 on CPU and more on GPU
   * @param maxWait longest a frame waits for its batch to fill; zero labels at once
   */
  public LabelFramesOperator(LabelerFactory labelerFactory, DeviceSpec device, Integer batchSize,
      Duration maxWait, int maxFrameBytes) {
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
    this.requestedDevice = Objects.requireNonNull(device, "device").toString();
    this.requestedBatchSize = batchSize;
    this.maxWaitMs = maxWait.toMillis();
    this.maxFrameBytes = maxFrameBytes;
    if (batchSize != null && batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
  }

  @Override
  public void open() throws Exception {
    super.open();
    labeler = DecodedFrameLabeler.open(labelerFactory, DeviceSpec.parse(requestedDevice), requestedBatchSize,
        getRuntimeContext(), getMetricGroup());
    batchSize = labeler.batchSize();
    LOG.info("Batches of {} wait at most {} ms", batchSize, maxWaitMs);
    modelInfo = labeler.info();
    labelSet = new LabelSetDescriptor(modelInfo.labelSetId(), modelInfo.classNames(), modelInfo.paletteRgb());
    decoder = new FrameImageDecoder();
    limits = new RecordLimits(maxFrameBytes);
    metrics = labeler.metrics();
    pending = new ArrayList<>(batchSize);
  }

  @Override
  public void processElement(StreamRecord<RawRecord> element) throws Exception {
    RawRecord raw = element.getValue();
    metrics.framesIn.inc();
    FrameRecord frame;
    try {
      frame = parse(raw);
    } catch (RecordFormatException | IllegalArgumentException e) {
      deadLetter(raw, Stages.PARSE_FRAME, e);
      return;
    }
    Mat image;
    try {
      image = decoder.decode(frame);
    } catch (FrameImageDecoder.UndecodableImageException e) {
      deadLetter(raw, Stages.DECODE_IMAGE, e);
      return;
    }
    pending.add(new PendingFrame(raw, frame, image));
    metrics.pending(pending.size());
    if (pending.size() >= batchSize || maxWaitMs == 0) {
      labelPending();
    } else if (batchTimer == null) {
      long now = getProcessingTimeService().getCurrentProcessingTime();
      batchTimer = getProcessingTimeService().registerTimer(now + maxWaitMs, this::onBatchDeadline);
    }
  }

  private FrameRecord parse(RawRecord raw) {
    if (raw.value() == null || raw.value().length == 0) {
      throw new RecordFormatException("frame record value is "
          + (raw.value() == null ? "null (a tombstone)" : "empty (0 bytes)"));
    }
    if (raw.value().length > limits.maxRecordBytes()) {
      throw new RecordFormatException("frame record is " + raw.value().length
          + " bytes, larger than the limit of " + limits.maxRecordBytes() + " (--max-frame-bytes "
          + maxFrameBytes + " + metadata; " + RecordLimits.HOW_TO_RAISE + ")");
    }
    return FrameRecordFormat.read(raw.value(), limits);
  }

  private void onBatchDeadline(long timestamp) throws Exception {
    batchTimer = null;
    labelPending();
  }

  /** Labels the buffered frames, emits their masks and then any watermark held back for them. */
  private void labelPending() throws Exception {
    if (batchTimer != null) {
      batchTimer.cancel(false);
      batchTimer = null;
    }
    if (!pending.isEmpty()) {
      List<PendingFrame> batch = pending;
      pending = new ArrayList<>(batchSize);
      try {
        labelBatch(batch);
      } finally {
        batch.forEach(PendingFrame::release);
        metrics.pending(0);
      }
    }
    if (heldWatermark != null) {
      Watermark watermark = heldWatermark;
      heldWatermark = null;
      super.processWatermark(watermark);
    }
  }

  /** Labels a batch with the code batch labeling shares; a frame the labeler refuses is dead-lettered. */
  private void labelBatch(List<PendingFrame> batch) {
    List<Mat> images = new ArrayList<>(batch.size());
    for (PendingFrame frame : batch) {
      images.add(frame.image);
    }
    List<DecodedFrameLabeler.Outcome> outcomes = labeler.label(images);
    for (int i = 0; i < batch.size(); i++) {
      if (outcomes.get(i).mask() != null) {
        batch.get(i).mask = outcomes.get(i).mask();
      } else {
        deadLetter(batch.get(i).raw, Stages.LABEL, outcomes.get(i).refused());
      }
    }
    long labeledAt = System.currentTimeMillis();
    for (PendingFrame frame : batch) { // arrival order, so each camera's masks stay in order
      if (frame.mask != null) {
        emit(frame, frame.mask, labeledAt);
      }
    }
  }

  private void emit(PendingFrame frame, SceneMask mask, long labeledAt) {
    MaskRecord record = MaskRecord.builder()
        .setFrame(frame.frame)
        .setLabeledTimestampMs(labeledAt)
        .setModel(modelInfo.modelId(), modelInfo.modelVersion())
        .setLabelSet(labelSet)
        .setClassIndices(mask.width(), mask.height(), mask.classes())
        .optClassFractions(mask.classFractions())
        .setMeanConfidence(mask.meanConfidence())
        .build();
    output.collect(new StreamRecord<>(record, frame.frame.captureTimestampMs()));
    metrics.framesOut.inc();
    metrics.endToEndLatencyMs.update(System.currentTimeMillis() - frame.frame.captureTimestampMs());
  }

  private void deadLetter(RawRecord raw, String stage, Exception error) {
    DeadLetter letter = DeadLetter.of(raw, stage, error);
    LOG.warn("Dead letter from {} at {}: {}", raw.origin(), stage, letter.reason());
    output.collect(DEAD_LETTERS, new StreamRecord<>(letter, raw.timestamp()));
    metrics.deadLetters.inc();
  }

  @Override
  public void processWatermark(Watermark mark) throws Exception {
    if (pending.isEmpty()) {
      super.processWatermark(mark);
    } else {
      heldWatermark = mark; // released by labelPending, after the frames it would overtake
    }
  }

  @Override
  public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
    // Label what is buffered before the barrier passes: its masks belong to this checkpoint.
    labelPending();
    super.prepareSnapshotPreBarrier(checkpointId);
  }

  @Override
  public void endInput() throws Exception {
    labelPending(); // a bounded input (a video file, a test) ends: nothing waits for more frames
  }

  @Override
  public void finish() throws Exception {
    labelPending();
    super.finish();
  }

  @Override
  public void close() throws Exception {
    try {
      if (pending != null) {
        pending.forEach(PendingFrame::release);
        pending.clear();
      }
      if (labeler != null) {
        labeler.close();
        labeler = null;
      }
    } finally {
      super.close();
    }
  }

  /** Frames buffered now, for tests. */
  int pendingFrames() {
    return pending == null ? 0 : pending.size();
  }

  /** The batch size this subtask settled on, for tests. */
  int batchSize() {
    return batchSize;
  }

  /** A parsed and decoded frame waiting for its batch; owns its Mat. */
  private static final class PendingFrame {
    final RawRecord raw;
    final FrameRecord frame;
    final Mat image;
    SceneMask mask; // set once labeled

    PendingFrame(RawRecord raw, FrameRecord frame, Mat image) {
      this.raw = raw;
      this.frame = frame;
      this.image = image;
    }

    void release() {
      image.release();
    }
  }
}
