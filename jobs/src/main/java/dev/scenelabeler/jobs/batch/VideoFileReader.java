package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.publish.FrameEncoder;
import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the videos assigned to it one after the other with the connectors' {@link
 * FrameSource}, and hands each frame on as the same frame record a camera would publish
 * (lossless PNG, sequence = frame index, capture time = presentation time), so the batch job
 * labels with exactly the streaming job's operator. A damaged or unreadable video ends its
 * split with the frames before the damage, the error logged, reported and written to
 * {@code error.txt} in its output folder; the other videos go on.
 */
final class VideoFileReader implements SourceReader<RawRecord, VideoFileSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(VideoFileReader.class);
  /** The topic name RawRecords of video frames carry, so dead letters say where they came from. */
  static final String ORIGIN_PREFIX = "video:";

  private final SourceReaderContext context;
  private final Sampling sampling;
  private final BatchProgress progress;
  private final RecordLimits limits;
  private final FrameEncoder encoder = new FrameEncoder(ImageEncoding.PNG, 95);
  private final Queue<VideoFileSplit> assigned = new ArrayDeque<>();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private boolean noMoreSplits;
  private VideoFileSplit current;
  private FrameSource source;
  private long emitted;

  VideoFileReader(SourceReaderContext context, Sampling sampling, String runId, int maxFrameBytes) {
    this.context = context;
    this.sampling = sampling;
    this.progress = BatchProgress.of(runId);
    this.limits = new RecordLimits(maxFrameBytes);
  }

  @Override
  public void start() {
    context.sendSplitRequest();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<RawRecord> output) throws Exception {
    if (current == null && !openNext()) {
      return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }
    VideoInput video = current.video();
    BatchProgress.VideoProgress videoProgress = progress.video(video.cameraId());
    Optional<VideoFrame> next;
    try {
      next = source == null ? Optional.empty() : source.next();
    } catch (VideoException e) {
      fail(video, e);
      next = Optional.empty();
    }
    if (next.isEmpty()) {
      finishCurrent(videoProgress);
      return InputStatus.MORE_AVAILABLE;
    }
    VideoFrame frame = next.get();
    try {
      if (emitted++ < current.framesEmitted()) {
        return InputStatus.MORE_AVAILABLE; // restored split: this frame went out before
      }
      long captureMs = frame.timestampMicros() / 1_000;
      FrameRecord record = new FrameRecord(video.cameraId(), frame.index(), captureMs, ImageEncoding.PNG,
          frame.width(), frame.height(), encoder.encode(frame.bgr()));
      output.collect(new RawRecord(ORIGIN_PREFIX + video.path(), 0, frame.index(), captureMs,
          video.cameraId().getBytes(StandardCharsets.UTF_8), FrameRecordFormat.write(record, limits), List.of()),
          captureMs);
      videoProgress.framesRead.incrementAndGet();
    } finally {
      frame.bgr().release();
    }
    return InputStatus.MORE_AVAILABLE;
  }

  private boolean openNext() {
    current = assigned.poll();
    if (current == null) {
      return false;
    }
    emitted = 0;
    VideoInput video = current.video();
    BatchProgress.VideoProgress videoProgress = progress.video(video.cameraId());
    try {
      source = FrameSource.open(video.file(), sampling.toOptions());
      source.info().frameCount().ifPresent(n -> videoProgress.expectedFrames.set(expectedAfterSampling(n)));
      LOG.info("Reading {} as {} ({})", video.path(), video.cameraId(), source.info());
    } catch (VideoException e) {
      fail(video, e);
    }
    return true;
  }

  private long expectedAfterSampling(long frames) {
    return sampling.every() > 0 ? (frames + sampling.every() - 1) / sampling.every() : frames;
  }

  private void finishCurrent(BatchProgress.VideoProgress videoProgress) throws IOException {
    closeSource();
    videoProgress.readDone = true;
    LOG.info("Read {} frames of {}", emitted, current.video().path());
    current = null;
    context.sendSplitRequest();
  }

  private void fail(VideoInput video, Exception e) {
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    LOG.error("Video {} stopped after {} frames: {}", video.path(), emitted, message);
    progress.video(video.cameraId()).error = message;
    try {
      Files.createDirectories(video.output());
      Files.writeString(video.output().resolve("error.txt"), message + System.lineSeparator());
    } catch (IOException io) {
      LOG.warn("Could not write error.txt for {}: {}", video.path(), io.toString());
    }
    closeSource();
  }

  private void closeSource() {
    if (source != null) {
      try {
        source.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed: {}", current.video().path(), e.toString());
      }
      source = null;
    }
  }

  @Override
  public List<VideoFileSplit> snapshotState(long checkpointId) {
    List<VideoFileSplit> state = new ArrayList<>();
    if (current != null) {
      state.add(new VideoFileSplit(current.video(), Math.max(emitted, current.framesEmitted())));
    }
    state.addAll(assigned);
    return state;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    if (current != null || !assigned.isEmpty() || noMoreSplits) {
      return CompletableFuture.completedFuture(null);
    }
    if (available.isDone()) {
      available = new CompletableFuture<>();
    }
    return available;
  }

  @Override
  public void addSplits(List<VideoFileSplit> splits) {
    assigned.addAll(splits);
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    available.complete(null);
  }

  @Override
  public void close() {
    closeSource();
  }
}
