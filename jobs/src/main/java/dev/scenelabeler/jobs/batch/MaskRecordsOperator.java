package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.jobs.labeling.MaskRecords;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * For {@code label-video --to-kafka}: each labeled frame becomes the mask record the streaming job
 * would write ({@link MaskRecords}): camera = the video's id, sequence = frame index, capture time
 * = the video's start ({@link VideoElement.Start#startEpochMs}) plus the frame's presentation time,
 * in epoch ms like a camera's. The frame's Mat is released here. Videos' progress and outcomes go
 * to the {@link VideoResultsAccumulator}, as with files.
 */
public final class MaskRecordsOperator extends VideoElementSink<MaskRecord> {

  private static final long serialVersionUID = 1L;

  private transient long expected;
  private transient long written;
  private transient long startEpochMs;
  private transient MaskRecords records; // made from the first labeled frame's model

  @Override
  protected void onStart(VideoElement.Start start) {
    expected = start.expectedFrames();
    startEpochMs = start.startEpochMs();
    written = 0;
    report(new VideoResult(start.cameraId(), 0, 0, expected, null, false));
  }

  @Override
  protected void onFrame(VideoElement.Frame frame) {
    long captureMs = captureTimestampMs(startEpochMs, frame.timestampMicros());
    try {
      if (records == null) {
        records = new MaskRecords(frame.model());
      }
      MaskRecord record =
          records.of(
              frame.cameraId(), frame.index(), captureMs, frame.mask(), System.currentTimeMillis());
      output.collect(new StreamRecord<>(record, captureMs));
    } finally {
      frame.bgr().release();
    }
    written++;
    report(new VideoResult(frame.cameraId(), written, written, expected, null, false));
  }

  @Override
  protected void onEnd(VideoElement.End end) {
    report(
        new VideoResult(
            end.cameraId(), end.framesRead(), written, expected, end.readError(), true));
  }

  /** The video's start plus the frame's presentation time, epoch ms. */
  static long captureTimestampMs(long startEpochMs, long presentationMicros) {
    return startEpochMs + Math.floorDiv(presentationMicros, 1000);
  }
}
