package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.RawRecord;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
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
  private final List<RawRecord> legacy;

  /** Cameras whose list in the state is not empty: emptied at the next snapshot if drained. */
  private Set<String> stored = new HashSet<>();

  private QueuedFramesState(
      ListState<RawRecord> state, KeyedStateBackend<String> backend, List<RawRecord> legacy) {
    this.state = state;
    this.backend = backend;
    this.legacy = legacy;
  }

  static QueuedFramesState initialize(
      StateInitializationContext context, KeyedStateBackend<String> backend) throws Exception {
    ListStateDescriptor<RawRecord> descriptor =
        new ListStateDescriptor<>(NAME, TypeInformation.of(RawRecord.class));
    // Versions before keyed camera state kept the queue as operator state: read it once, so a
    // checkpoint of such a version (at its parallelism) loses no frame; it is never written again.
    ListState<RawRecord> operatorState = context.getOperatorStateStore().getListState(descriptor);
    List<RawRecord> legacy = new ArrayList<>();
    if (context.isRestored()) {
      operatorState.get().forEach(legacy::add);
      operatorState.clear();
    }
    return new QueuedFramesState(
        context.getKeyedStateStore().getListState(descriptor), backend, legacy);
  }

  /**
   * The records in the state of this subtask's cameras (none on a fresh start), each camera's in
   * queue order, then those an older version's checkpoint kept as operator state whose cameras this
   * subtask owns (all of them at that checkpoint's parallelism); their cameras count as stored
   * until the next snapshot.
   *
   * @param owned whether this subtask owns a record's camera
   * @param lost told each older-version record whose camera another subtask owns
   */
  List<RawRecord> restored(Predicate<RawRecord> owned, Consumer<RawRecord> lost) throws Exception {
    List<RawRecord> restored = restoredKeyed();
    for (RawRecord record : legacy) {
      if (owned.test(record)) {
        restored.add(record);
      } else {
        lost.accept(record);
      }
    }
    legacy.clear();
    return restored;
  }

  private List<RawRecord> restoredKeyed() throws Exception {
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
