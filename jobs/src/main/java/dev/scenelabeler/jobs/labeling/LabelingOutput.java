package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.RawRecord;
import java.util.List;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the streaming operator's frames end up, each counted under its camera: a mask, stamped with
 * the capture time, and its {@link MaskStats} carrying the camera's skips since its last mask
 * ({@link SkipLedger}); or a dead letter holding the untouched record. Task thread only.
 */
final class LabelingOutput {

  private static final Logger LOG = LoggerFactory.getLogger(LabelingOutput.class);

  private final Output<StreamRecord<MaskRecord>> output;
  private final LabelingMetrics metrics;
  private final MaskRecords masks;
  private final SkipLedger skips;

  LabelingOutput(
      Output<StreamRecord<MaskRecord>> output,
      LabelingMetrics metrics,
      MaskRecords masks,
      SkipLedger skips) {
    this.output = output;
    this.metrics = metrics;
    this.masks = masks;
    this.skips = skips;
  }

  /** Emits a labeled batch in batch order, which keeps each camera's masks in sequence order. */
  void labeled(List<QueuedFrame> frames, List<DecodedFrameLabeler.Outcome> outcomes) {
    long labeledAt = System.currentTimeMillis();
    for (int i = 0; i < frames.size(); i++) {
      QueuedFrame frame = frames.get(i);
      DecodedFrameLabeler.Outcome outcome = outcomes.get(i);
      if (outcome.refused() != null) {
        deadLetter(frame.raw(), Stages.LABEL, outcome.refused());
        continue;
      }
      long capture = frame.captureMs();
      MaskRecord record =
          masks.of(frame.camera(), frame.sequence(), capture, outcome.mask(), labeledAt);
      output.collect(new StreamRecord<>(record, capture));
      MaskStats stats = MaskStats.of(record, skips.takeForMask(frame.camera()), outcome.filtered());
      output.collect(LabelFramesOperator.STATS, new StreamRecord<>(stats, capture));
      metrics.camera(frame.camera()).framesLabeled.inc();
      metrics.endToEndLatencyMs.update(System.currentTimeMillis() - capture);
    }
  }

  void deadLetter(RawRecord raw, String stage, Exception error) {
    DeadLetter letter = DeadLetter.of(raw, stage, error);
    LOG.warn("Dead letter from {} at {}: {}", raw.origin(), stage, letter.reason());
    output.collect(LabelFramesOperator.DEAD_LETTERS, new StreamRecord<>(letter, raw.timestamp()));
    metrics.camera(FrameIntake.cameraOf(raw)).deadLetters.inc();
  }
}
