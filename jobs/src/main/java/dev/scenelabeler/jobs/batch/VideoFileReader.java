package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.video.FrameSource;
import dev.scenelabeler.connectors.video.FrameSourceOptions;
import dev.scenelabeler.connectors.video.VideoException;
import dev.scenelabeler.connectors.video.VideoFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
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
 * Reads the videos assigned to it one after the other with the connectors' {@link FrameSource}
 * (frames upright, sampled and resized) and hands on, per video, a {@link VideoElement.Start}, each
 * decoded frame as a {@link VideoElement.Frame} (the Mat itself, no encoding) and a {@link
 * VideoElement.End}. A video that cannot be opened or is damaged part-way ends with the frames
 * before the damage and the reason in its End; the other videos go on.
 */
final class VideoFileReader implements SourceReader<VideoElement, VideoFileSplit> {

  private static final Logger LOG = LoggerFactory.getLogger(VideoFileReader.class);

  private final SourceReaderContext context;
  private final FrameSourceOptions sampling;
  private final Queue<VideoFileSplit> assigned = new ArrayDeque<>();
  private CompletableFuture<Void> available = new CompletableFuture<>();
  private boolean noMoreSplits;
  private VideoFileSplit current;
  private FrameSource source;
  private Path localCopy; // of a video on a Flink file system (s3://...), deleted when done
  private String readError;
  private long emitted;
  private long read;

  VideoFileReader(SourceReaderContext context, FrameSourceOptions sampling) {
    this.context = context;
    this.sampling = sampling;
  }

  @Override
  public void start() {
    context.sendSplitRequest();
  }

  @Override
  public InputStatus pollNext(ReaderOutput<VideoElement> output) {
    if (current == null && !openNext(output)) {
      return noMoreSplits ? InputStatus.END_OF_INPUT : InputStatus.NOTHING_AVAILABLE;
    }
    VideoInput video = current.video();
    Optional<VideoFrame> next;
    try {
      next = source == null ? Optional.empty() : source.next();
    } catch (VideoException | RuntimeException e) {
      fail(video, e);
      next = Optional.empty();
    }
    if (next.isEmpty()) {
      finishCurrent(output, source == null ? -1 : source.endMicros());
      return InputStatus.MORE_AVAILABLE;
    }
    VideoFrame frame = next.get();
    if (emitted++ < current.framesEmitted()) {
      frame.bgr().release();
      return InputStatus.MORE_AVAILABLE; // restored split: this frame went out before
    }
    read++;
    // The Mat goes on by reference (chained operators); the writer releases it.
    output.collect(
        new VideoElement.Frame(
            video.cameraId(),
            frame.index(),
            frame.timestampMicros(),
            frame.bgr(),
            null,
            0,
            false,
            null),
        frame.timestampMicros() / 1_000);
    return InputStatus.MORE_AVAILABLE;
  }

  private boolean openNext(ReaderOutput<VideoElement> output) {
    current = assigned.poll();
    if (current == null) {
      return false;
    }
    emitted = 0;
    read = 0;
    readError = null;
    VideoInput video = current.video();
    long expected = -1;
    double frameRate = 0;
    long startEpochMs =
        System.currentTimeMillis(); // where the container does not say when it was recorded
    try {
      Path file = video.file();
      if (SharedStorageCopy.isUri(video.path())) {
        localCopy = SharedStorageCopy.toLocalFile(video.path());
        file = localCopy;
      }
      source = FrameSource.open(file, sampling);
      expected =
          source.info().frameCount().isPresent()
              ? expectedAfterSampling(source.info().frameCount().getAsLong())
              : -1;
      frameRate = source.info().frameRate();
      startEpochMs = source.info().creationTime().map(Instant::toEpochMilli).orElse(startEpochMs);
      LOG.info("Reading {} as {} ({})", video.path(), video.cameraId(), source.info());
    } catch (IOException | RuntimeException e) { // VideoException is an IOException
      fail(video, e);
    }
    output.collect(new VideoElement.Start(video.cameraId(), expected, frameRate, startEpochMs));
    return true;
  }

  private long expectedAfterSampling(long frames) {
    return sampling.everyNth().isPresent()
        ? (frames + sampling.everyNth().getAsInt() - 1) / sampling.everyNth().getAsInt()
        : frames;
  }

  private void finishCurrent(ReaderOutput<VideoElement> output, long endMicros) {
    closeSource();
    LOG.info("Read {} frames of {}", read, current.video().path());
    output.collect(
        new VideoElement.End(current.video().cameraId(), read, endMicros, readError, 0, null));
    current = null;
    context.sendSplitRequest();
  }

  private void fail(VideoInput video, Exception e) {
    readError = e.getMessage() == null ? e.toString() : e.getMessage();
    LOG.error("Video {} stopped after {} frames: {}", video.path(), read, readError);
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
    if (localCopy != null) {
      try {
        Files.deleteIfExists(localCopy);
      } catch (IOException e) {
        LOG.warn("Could not delete the local copy {}: {}", localCopy, e.toString());
      }
      localCopy = null;
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
