package dev.scenelabeler.jobs.batch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Queue;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands videos out one at a time to whichever reader asks (pull-based), so a reader that finishes a
 * short video takes the next one: parallel across files, balanced by length.
 */
final class VideoFileEnumerator
    implements SplitEnumerator<VideoFileSplit, Collection<VideoFileSplit>> {

  private final SplitEnumeratorContext<VideoFileSplit> context;
  private final Queue<VideoFileSplit> pending;

  VideoFileEnumerator(
      SplitEnumeratorContext<VideoFileSplit> context, Collection<VideoFileSplit> splits) {
    this.context = context;
    this.pending = new ArrayDeque<>(splits);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtaskId, String requesterHostname) {
    VideoFileSplit next = pending.poll();
    if (next != null) {
      context.assignSplit(next, subtaskId);
    } else {
      context.signalNoMoreSplits(subtaskId);
    }
  }

  @Override
  public void addSplitsBack(List<VideoFileSplit> splits, int subtaskId) {
    pending.addAll(splits); // a failed reader's videos go to the next reader that asks
  }

  @Override
  public void addReader(int subtaskId) {}

  @Override
  public Collection<VideoFileSplit> snapshotState(long checkpointId) {
    return new ArrayList<>(pending);
  }

  @Override
  public void close() {}
}
