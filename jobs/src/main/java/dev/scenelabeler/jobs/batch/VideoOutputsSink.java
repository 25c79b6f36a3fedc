package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.records.MaskRecord;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Writes each video's outputs ({@link VideoOutputs}). Chained to the reader that read the
 * video (forward, same parallelism), a writer sees one video's masks in frame order, and the
 * next video only after the previous one ended, so one video is open per writer at a time.
 */
public final class VideoOutputsSink implements Sink<MaskRecord> {

  private static final long serialVersionUID = 1L;

  private final Map<String, VideoInput> videosByCamera;
  private final Sampling sampling;
  private final String runId;

  public VideoOutputsSink(List<VideoInput> videos, Sampling sampling, String runId) {
    this.videosByCamera = videos.stream().collect(Collectors.toMap(VideoInput::cameraId, Function.identity()));
    this.sampling = sampling;
    this.runId = runId;
  }

  @Override
  public SinkWriter<MaskRecord> createWriter(WriterInitContext context) {
    return new Writer();
  }

  private final class Writer implements SinkWriter<MaskRecord> {
    private VideoOutputs open;
    private String openCamera;

    @Override
    public void write(MaskRecord mask, Context context) throws IOException {
      if (!mask.cameraId().equals(openCamera)) {
        closeOpen();
        VideoInput video = videosByCamera.get(mask.cameraId());
        if (video == null) {
          throw new IllegalStateException("mask of unknown video '" + mask.cameraId() + "'");
        }
        open = new VideoOutputs(video, sampling, BatchProgress.of(runId).video(video.cameraId()));
        openCamera = mask.cameraId();
      }
      open.write(mask);
    }

    @Override
    public void flush(boolean endOfInput) throws IOException {
      if (endOfInput) {
        closeOpen();
      }
    }

    private void closeOpen() throws IOException {
      if (open != null) {
        open.close();
        open = null;
        openCamera = null;
      }
    }

    @Override
    public void close() throws IOException {
      closeOpen();
    }
  }
}
