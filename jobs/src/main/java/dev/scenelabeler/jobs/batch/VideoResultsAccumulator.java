package dev.scenelabeler.jobs.batch;

import java.util.HashMap;
import java.util.Map;
import org.apache.flink.api.common.accumulators.Accumulator;

/**
 * Every video's latest {@link VideoResult}, by camera id: progress while the job runs ({@code
 * JobClient#getAccumulators}) and the outcome at its end ({@code JobExecutionResult}). Each video
 * is written by one subtask, so merging keeps the more advanced of two reports.
 */
public final class VideoResultsAccumulator
    implements Accumulator<VideoResult, HashMap<String, VideoResult>> {

  private static final long serialVersionUID = 1L;

  /** The name the writer registers it under. */
  public static final String NAME = "scene-labeler.videos";

  private HashMap<String, VideoResult> results = new HashMap<>();

  @Override
  public void add(VideoResult value) {
    results.merge(value.cameraId(), value, VideoResultsAccumulator::moreAdvanced);
  }

  @Override
  public HashMap<String, VideoResult> getLocalValue() {
    return new HashMap<>(results);
  }

  @Override
  public void resetLocal() {
    results.clear();
  }

  @Override
  public void merge(Accumulator<VideoResult, HashMap<String, VideoResult>> other) {
    for (Map.Entry<String, VideoResult> e : other.getLocalValue().entrySet()) {
      results.merge(e.getKey(), e.getValue(), VideoResultsAccumulator::moreAdvanced);
    }
  }

  @Override
  public VideoResultsAccumulator clone() {
    VideoResultsAccumulator copy = new VideoResultsAccumulator();
    copy.results = new HashMap<>(results);
    return copy;
  }

  private static VideoResult moreAdvanced(VideoResult a, VideoResult b) {
    if (a.done() != b.done()) {
      return a.done() ? a : b;
    }
    return b.framesWritten() >= a.framesWritten() && b.framesRead() >= a.framesRead() ? b : a;
  }
}
