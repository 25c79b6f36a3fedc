package dev.scenelabeler.jobs.batch;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The end of the batch job's chain: writes each video's files ({@link VideoOutputs}) from the
 * labeled frames, releases each frame's Mat, and reports every video's progress and outcome in the
 * {@link VideoResultsAccumulator}; emits each finished video's {@link VideoResult}. Chained to the
 * reader that read the video, it sees one video's elements at a time, in order.
 *
 * <p>The files are written behind the labeling, on a {@link WriteBehindThread} of the subtask's at
 * background priority: encoding a frame's overlay and mask overlaps labeling the next frame (on a
 * CPU the labeler leaves part of the cores idle between its parallel sections). At most {@link
 * #FRAMES_BEHIND} frames wait to be written; a video's result is emitted once all its files are
 * finished.
 */
public final class WriteVideoOutputsOperator extends VideoElementSink<VideoResult> {

  private static final long serialVersionUID = 1L;

  /** Progress is reported every this many frames (and at each video's start and end). */
  private static final int PROGRESS_EVERY = 5;

  /** Labeled frames that may wait for their files at once (each holds its decoded frame). */
  static final int FRAMES_BEHIND = 8;

  private final Map<String, VideoInput> videosByCamera;

  private transient WriteBehindThread writer;
  private transient VideoOutputs open; // used by the writer thread only, once created
  private transient AtomicLong openWritten; // frames of the open video written, for progress
  private transient long openExpected;
  private transient long openRead;

  public WriteVideoOutputsOperator(List<VideoInput> videos) {
    this.videosByCamera =
        videos.stream().collect(Collectors.toMap(VideoInput::cameraId, Function.identity()));
  }

  @Override
  public void open() throws Exception {
    super.open();
    writer =
        new WriteBehindThread(
            "video outputs writer (subtask "
                + getRuntimeContext().getTaskInfo().getIndexOfThisSubtask()
                + ")",
            FRAMES_BEHIND);
    openWritten = new AtomicLong();
  }

  @Override
  protected void onStart(VideoElement.Start start) throws InterruptedException {
    openExpected = start.expectedFrames();
    openRead = 0;
    openWritten.set(0); // the previous video's writes all ran before its End returned
    VideoInput video = video(start.cameraId());
    open = writer.call(() -> new VideoOutputs(video, start.expectedFrames(), start.frameRate()));
    report(new VideoResult(start.cameraId(), 0, 0, openExpected, null, false));
  }

  @Override
  protected void onFrame(VideoElement.Frame frame) throws InterruptedException {
    VideoOutputs outputs = open;
    try {
      writer.submit(
          () -> {
            try {
              outputs.write(frame);
              openWritten.set(outputs.written());
            } finally {
              frame.bgr().release();
            }
          });
    } catch (InterruptedException | RuntimeException notQueued) {
      frame.bgr().release();
      throw notQueued;
    }
    openRead++;
    if (openRead % PROGRESS_EVERY == 0) {
      report(
          new VideoResult(
              frame.cameraId(), openRead, openWritten.get(), openExpected, null, false));
    }
  }

  @Override
  protected void onEnd(VideoElement.End end) throws InterruptedException {
    VideoOutputs outputs = open;
    VideoResult result = writer.call(() -> outputs.finish(end));
    report(result);
    output.collect(new StreamRecord<>(result));
    open = null;
  }

  @Override
  public void close() throws Exception {
    try {
      if (writer != null) {
        writer.close();
      }
    } finally {
      super.close();
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
