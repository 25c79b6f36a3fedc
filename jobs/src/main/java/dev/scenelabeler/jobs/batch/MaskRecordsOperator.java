package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * For {@code label-video --to-kafka}: each labeled frame becomes the mask record the streaming
 * job would write (camera = the video's id, sequence = frame index, capture time = presentation
 * time in ms from the video's start); the frame's Mat is released here. Videos' progress and
 * outcomes go to the {@link VideoResultsAccumulator}, as with files.
 */
public final class MaskRecordsOperator extends VideoElementSink<MaskRecord> {

  private static final long serialVersionUID = 1L;

  private transient long expected;
  private transient long written;

  @Override
  protected void onStart(VideoElement.Start start) {
    expected = start.expectedFrames();
    written = 0;
    report(new VideoResult(start.cameraId(), 0, 0, expected, null, false));
  }

  @Override
  protected void onFrame(VideoElement.Frame frame) {
    try {
      output.collect(new StreamRecord<>(toRecord(frame), frame.timestampMicros() / 1000));
    } finally {
      frame.bgr().release();
    }
    written++;
    report(new VideoResult(frame.cameraId(), written, written, expected, null, false));
  }

  @Override
  protected void onEnd(VideoElement.End end) {
    report(new VideoResult(end.cameraId(), end.framesRead(), written, expected, end.readError(), true));
  }

  static MaskRecord toRecord(VideoElement.Frame frame) {
    SceneMask mask = frame.mask();
    ModelInfo model = frame.model();
    return MaskRecord.builder()
        .setFrame(frame.cameraId(), frame.index(), frame.timestampMicros() / 1000)
        .setLabeledTimestampMs(System.currentTimeMillis())
        .setModel(model.modelId(), model.modelVersion())
        .setLabelSet(new LabelSetDescriptor(model.labelSetId(), model.classNames(), model.paletteRgb()))
        .setClassIndices(mask.width(), mask.height(), mask.classes())
        .optClassFractions(mask.classFractions())
        .setMeanConfidence(mask.meanConfidence())
        .build();
  }
}
