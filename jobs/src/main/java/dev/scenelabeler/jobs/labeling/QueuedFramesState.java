package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.RawRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.VoidNamespace;

/**
 * The checkpointed queue of {@link LabelFramesOperator}: the raw records of the frames queued at a
 * checkpoint, in keyed state under their camera, so a rescale moves a camera's queued frames with
 * the camera (and its filter state) and never splits them. Keeping the records, not any labeling in
 * progress, means a checkpoint never waits for labeling; after a restore the frames are queued
 * again, each camera's in their order.
 */
final class QueuedFramesState {

  static final String NAME = "queued-frames";

  private final ListState<RawRecord> state;
  private final KeyedStateBackend<String> backend;

  /** Cameras whose list in the state is not empty: emptied at the next snapshot if drained. */
  private Set<String> stored = new HashSet<>();

  private QueuedFramesState(ListState<RawRecord> state, KeyedStateBackend<String> backend) {
    this.state = state;
    this.backend = backend;
  }

  static QueuedFramesState initialize(
      StateInitializationContext context, KeyedStateBackend<String> backend) {
    ListState<RawRecord> state =
        context
            .getKeyedStateStore()
            .getListState(new ListStateDescriptor<>(NAME, TypeInformation.of(RawRecord.class)));
    return new QueuedFramesState(state, backend);
  }

  /**
   * The records in the state of this subtask's cameras (none on a fresh start), each camera's in
   * queue order; their cameras count as stored until the next snapshot.
   */
  List<RawRecord> restored() throws Exception {
    List<String> cameras;
    try (Stream<String> keys = backend.getKeys(NAME, VoidNamespace.INSTANCE)) {
      cameras = keys.toList();
    }
    List<RawRecord> restored = new ArrayList<>();
    for (String camera : cameras) {
      backend.setCurrentKey(camera);
      Iterable<RawRecord> records = state.get();
      if (records != null) {
        records.forEach(restored::add);
        stored.add(camera);
      }
    }
    return restored;
  }

  /** Replaces the state with the frames queued now, camera by camera. */
  void snapshot(CameraQueues<QueuedFrame> queue) throws Exception {
    Map<String, List<RawRecord>> byCamera = new LinkedHashMap<>();
    for (QueuedFrame frame : queue.all()) {
      byCamera.computeIfAbsent(frame.camera(), c -> new ArrayList<>()).add(frame.raw());
    }
    for (String camera : stored) {
      if (!byCamera.containsKey(camera)) {
        backend.setCurrentKey(camera);
        state.clear();
      }
    }
    for (Map.Entry<String, List<RawRecord>> camera : byCamera.entrySet()) {
      backend.setCurrentKey(camera.getKey());
      state.update(camera.getValue());
    }
    stored = new HashSet<>(byCamera.keySet());
  }
}
