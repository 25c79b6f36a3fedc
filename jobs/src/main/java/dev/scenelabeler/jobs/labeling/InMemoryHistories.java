package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.temporal.TemporalState;
import java.util.HashMap;
import java.util.Map;

/**
 * Camera histories in a map, for a job whose cameras need no Flink state: the batch job keeps each
 * video's from its first frame to its end (a video is read by one subtask, in order; a failed batch
 * job starts over). Not thread-safe.
 */
public final class InMemoryHistories implements CameraHistories {

  private final Map<String, TemporalState> states = new HashMap<>();

  @Override
  public TemporalState get(String camera) {
    return states.get(camera);
  }

  @Override
  public void put(String camera, TemporalState state) {
    states.put(camera, state);
  }

  /** Drops the camera's history (its video ended). */
  public void forget(String camera) {
    states.remove(camera);
  }

  /** Cameras with a history now. */
  public int size() {
    return states.size();
  }
}
