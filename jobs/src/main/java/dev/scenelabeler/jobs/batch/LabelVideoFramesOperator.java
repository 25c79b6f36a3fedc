package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.jobs.labeling.DecodedFrameLabeler;
import dev.scenelabeler.jobs.labeling.InMemoryHistories;
import dev.scenelabeler.jobs.labeling.LabelerFactory;
import dev.scenelabeler.jobs.labeling.LabelingSettings;
import dev.scenelabeler.jobs.labeling.SequencedFrame;
import dev.scenelabeler.models.temporal.FramePosition;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Labels decoded video frames with the labeling code the streaming job uses ({@link
 * DecodedFrameLabeler}), each video's frames in order through the temporal filter, its state kept
 * per video until the video's end (a video is read by one subtask, in order, so no Flink state is
 * needed: a failed batch job starts over): frames are buffered to a batch and labeled in one
 * forward pass; a video's {@link VideoElement.End} (or the end of input) labels what is buffered
 * first, so elements leave in the order they came. A frame the labeler refuses is dropped (its Mat
 * released), logged and counted in the video's End; the video goes on.
 */
public final class LabelVideoFramesOperator extends AbstractStreamOperator<VideoElement>
    implements OneInputStreamOperator<VideoElement, VideoElement>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  // Our own, not the inherited AbstractStreamOperator.LOG: its Flink name is quiet in CLI logging.
  private static final Logger LOG = LoggerFactory.getLogger(LabelVideoFramesOperator.class);

  private final LabelerFactory labelerFactory;
  private final LabelingSettings settings;

  private transient DecodedFrameLabeler labeler;
  private transient List<StreamRecord<VideoElement>> pending;
  private transient InMemoryHistories histories;
  private transient long refused;
  private transient String firstRefusal;

  /**
   * @param settings the device and batch size asked for; the rest concern streams, not files
   */
  public LabelVideoFramesOperator(LabelerFactory labelerFactory, LabelingSettings settings) {
    this.labelerFactory = Objects.requireNonNull(labelerFactory, "labelerFactory");
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  @Override
  public void open() throws Exception {
    super.open();
    labeler =
        DecodedFrameLabeler.open(labelerFactory, settings, getRuntimeContext(), getMetricGroup());
    pending = new ArrayList<>(labeler.batchSize());
    histories = new InMemoryHistories();
  }

  @Override
  public void processElement(StreamRecord<VideoElement> element) {
    VideoElement value = element.getValue();
    if (value instanceof VideoElement.Frame) {
      labeler.metrics().framesIn.inc();
      pending.add(new StreamRecord<>(value, element.getTimestamp()));
      if (pending.size() >= labeler.batchSize()) {
        labelPending();
      }
      return;
    }
    labelPending();
    if (value instanceof VideoElement.End end) {
      histories.forget(end.cameraId());
      output.collect(new StreamRecord<>(end.withRefusals(refused, firstRefusal)));
      refused = 0;
      firstRefusal = null;
    } else {
      output.collect(element);
    }
  }

  private void labelPending() {
    if (pending.isEmpty()) {
      return;
    }
    List<SequencedFrame> images = new ArrayList<>(pending.size());
    for (StreamRecord<VideoElement> record : pending) {
      VideoElement.Frame frame = (VideoElement.Frame) record.getValue();
      // Presentation time as the capture time: with --every or --fps the time between sampled
      // frames is what the filter sees, so a wide sampling weakens or resets it.
      images.add(
          new SequencedFrame(
              frame.bgr(),
              frame.cameraId(),
              new FramePosition(frame.index(), Math.floorDiv(frame.timestampMicros(), 1000))));
    }
    List<DecodedFrameLabeler.Outcome> outcomes = labeler.labelInSequence(images, histories);
    for (int i = 0; i < pending.size(); i++) {
      VideoElement.Frame frame = (VideoElement.Frame) pending.get(i).getValue();
      DecodedFrameLabeler.Outcome outcome = outcomes.get(i);
      if (outcome.mask() == null) {
        refused++;
        String reason =
            "frame " + frame.index() + " refused by the labeler: " + outcome.refused().getMessage();
        LOG.warn("{}: {}", frame.cameraId(), reason);
        if (firstRefusal == null) {
          firstRefusal = reason;
        }
        frame.bgr().release();
        continue;
      }
      labeler.metrics().framesOut.inc();
      output.collect(
          new StreamRecord<>(
              frame.labeled(
                  outcome.mask(), outcome.labelingMs(), outcome.filtered(), labeler.info()),
              pending.get(i).getTimestamp()));
    }
    pending.clear();
  }

  @Override
  public void endInput() {
    labelPending();
  }

  @Override
  public void close() throws Exception {
    try {
      if (pending != null) {
        pending.forEach(r -> ((VideoElement.Frame) r.getValue()).bgr().release());
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
}
