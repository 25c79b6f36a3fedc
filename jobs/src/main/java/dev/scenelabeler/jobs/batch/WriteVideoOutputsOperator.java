package dev.scenelabeler.jobs.batch;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The end of the batch job's chain: writes each video's files ({@link VideoOutputs}) from the
 * labeled frames, releases each frame's Mat, and reports every video's progress and outcome
 * in the {@link VideoResultsAccumulator}; emits each finished video's {@link VideoResult}.
 * Chained to the reader that read the video, it sees one video's elements at a time, in order.
 */
public final class WriteVideoOutputsOperator extends AbstractStreamOperator<VideoResult>
    implements OneInputStreamOperator<VideoElement, VideoResult> {

  private static final long serialVersionUID = 1L;
  /** Progress is reported every this many frames (and at each video's start and end). */
  private static final int PROGRESS_EVERY = 5;

  private final Map<String, VideoInput> videosByCamera;

  private transient VideoResultsAccumulator results;
  private transient VideoOutputs open;
  private transient VideoInput openVideo;
  private transient long openExpected;
  private transient long openRead;

  public WriteVideoOutputsOperator(List<VideoInput> videos) {
    this.videosByCamera = videos.stream().collect(Collectors.toMap(VideoInput::cameraId, Function.identity()));
  }

  @Override
  public void open() throws Exception {
    super.open();
    results = new VideoResultsAccumulator();
    getRuntimeContext().addAccumulator(VideoResultsAccumulator.NAME, results);
  }

  @Override
  public void processElement(StreamRecord<VideoElement> element) {
    VideoElement value = element.getValue();
    if (value instanceof VideoElement.Start start) {
      openVideo = video(start.cameraId());
      openExpected = start.expectedFrames();
      openRead = 0;
      open = new VideoOutputs(openVideo, start.expectedFrames(), start.frameRate());
      results.add(new VideoResult(start.cameraId(), 0, 0, openExpected, null, false));
    } else if (value instanceof VideoElement.Frame frame) {
      try {
        open.write(frame);
      } finally {
        frame.bgr().release();
      }
      openRead++;
      if (open.written() % PROGRESS_EVERY == 0) {
        results.add(new VideoResult(frame.cameraId(), openRead, open.written(), openExpected, null, false));
      }
    } else if (value instanceof VideoElement.End end) {
      VideoResult result = open.finish(end);
      results.add(result);
      output.collect(new StreamRecord<>(result));
      open = null;
      openVideo = null;
    }
  }

  private VideoInput video(String cameraId) {
    VideoInput video = videosByCamera.get(cameraId);
    if (video == null) {
      throw new IllegalStateException("frames of unknown video '" + cameraId + "'");
    }
    return video;
  }
}
