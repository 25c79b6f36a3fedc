package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.connectors.video.FrameSourceOptions;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FLIP-27 source over video files: each file is one split, read whole by one reader, so
 * files are labeled in parallel and each file's frames stay in order. Emits decoded frames ({@link
 * VideoElement}), so it must be chained to the labeling operator.
 */
public final class VideoFileSource
    implements Source<VideoElement, VideoFileSplit, Collection<VideoFileSplit>> {

  private static final long serialVersionUID = 1L;

  private final List<VideoInput> videos;
  private final FrameSourceOptions sampling;

  public VideoFileSource(List<VideoInput> videos, FrameSourceOptions sampling) {
    this.videos = List.copyOf(videos);
    this.sampling = sampling;
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SourceReader<VideoElement, VideoFileSplit> createReader(SourceReaderContext context) {
    return new VideoFileReader(context, sampling);
  }

  @Override
  public SplitEnumerator<VideoFileSplit, Collection<VideoFileSplit>> createEnumerator(
      SplitEnumeratorContext<VideoFileSplit> context) {
    return new VideoFileEnumerator(
        context, videos.stream().map(v -> new VideoFileSplit(v, 0)).toList());
  }

  @Override
  public SplitEnumerator<VideoFileSplit, Collection<VideoFileSplit>> restoreEnumerator(
      SplitEnumeratorContext<VideoFileSplit> context, Collection<VideoFileSplit> checkpoint) {
    return new VideoFileEnumerator(context, checkpoint);
  }

  @Override
  public SimpleVersionedSerializer<VideoFileSplit> getSplitSerializer() {
    return VideoFileSplitSerializer.INSTANCE;
  }

  @Override
  public SimpleVersionedSerializer<Collection<VideoFileSplit>> getEnumeratorCheckpointSerializer() {
    return new PendingSplitsSerializer();
  }
}
