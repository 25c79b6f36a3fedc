package dev.scenelabeler.jobs.batch;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The end of the batch job's chain: writes each video's files ({@link VideoOutputs}) from the
 * labeled frames, releases each frame's Mat, and reports every video's progress and outcome
 * in the {@link VideoResultsAccumulator}; emits each finished video's {@link VideoResult}.
 * Chained to the reader that read the video, it sees one video's elements at a time, in order.
 */
public final class WriteVideoOutputsOperator extends VideoElementSink<VideoResult> {

  private static final long serialVersionUID = 1L;
  /** Progress is reported every this many frames (and at each video's start and end). */
  private static final int PROGRESS_EVERY = 5;

  private final Map<String, VideoInput> videosByCamera;

  private transient VideoOutputs open;
  private transient long openExpected;
  private transient long openRead;

  public WriteVideoOutputsOperator(List<VideoInput> videos) {
    this.videosByCamera = videos.stream().collect(Collectors.toMap(VideoInput::cameraId, Function.identity()));
  }

  @Override
  protected void onStart(VideoElement.Start start) {
    openExpected = start.expectedFrames();
    openRead = 0;
    open = new VideoOutputs(video(start.cameraId()), start.expectedFrames(), start.frameRate());
    report(new VideoResult(start.cameraId(), 0, 0, openExpected, null, false));
  }

  @Override
  protected void onFrame(VideoElement.Frame frame) {
    open.write(frame);
    openRead++;
    if (open.written() % PROGRESS_EVERY == 0) {
      report(new VideoResult(frame.cameraId(), openRead, open.written(), openExpected, null, false));
    }
  }

  @Override
  protected void onEnd(VideoElement.End end) {
    VideoResult result = open.finish(end);
    report(result);
    output.collect(new StreamRecord<>(result));
    open = null;
  }

  private VideoInput video(String cameraId) {
    VideoInput video = videosByCamera.get(cameraId);
    if (video == null) {
      throw new IllegalStateException("frames of unknown video '" + cameraId + "'");
    }
    return video;
  }
}
