package dev.scenelabeler.jobs.batch;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The last step of the batch job: takes one video's elements in order (start, labeled frames, end),
 * hands each frame to {@link #onFrame}, which owns its Mat from then on, and reports the videos'
 * progress and outcomes in the {@link VideoResultsAccumulator}, which the CLI reads while the job
 * runs.
 */
abstract class VideoElementSink<OUT> extends AbstractStreamOperator<OUT>
    implements OneInputStreamOperator<VideoElement, OUT> {

  private static final long serialVersionUID = 1L;

  private transient VideoResultsAccumulator results;

  @Override
  public void open() throws Exception {
    super.open();
    results = new VideoResultsAccumulator();
    getRuntimeContext().addAccumulator(VideoResultsAccumulator.NAME, results);
  }

  @Override
  public final void processElement(StreamRecord<VideoElement> element) throws Exception {
    VideoElement value = element.getValue();
    if (value instanceof VideoElement.Start start) {
      onStart(start);
    } else if (value instanceof VideoElement.Frame frame) {
      onFrame(frame);
    } else if (value instanceof VideoElement.End end) {
      onEnd(end);
    }
  }

  /** Records a video's progress (or, with {@code done}, its outcome). */
  protected final void report(VideoResult result) {
    results.add(result);
  }

  protected abstract void onStart(VideoElement.Start start) throws Exception;

  /** Handles a labeled frame and releases its Mat, now or later, whatever happens. */
  protected abstract void onFrame(VideoElement.Frame frame) throws Exception;

  protected abstract void onEnd(VideoElement.End end) throws Exception;
}
