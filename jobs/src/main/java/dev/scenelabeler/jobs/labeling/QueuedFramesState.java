package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.RawRecord;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;

/**
 * The checkpointed state of {@link LabelFramesOperator}: the raw records of the frames queued at a
 * checkpoint. Keeping the records, not any labeling in progress, means a checkpoint never waits for
 * labeling; after a restore the frames are queued again.
 */
final class QueuedFramesState {

  private final ListState<RawRecord> state;
  private List<RawRecord> restored;

  private QueuedFramesState(ListState<RawRecord> state, List<RawRecord> restored) {
    this.state = state;
    this.restored = restored;
  }

  static QueuedFramesState initialize(StateInitializationContext context) throws Exception {
    ListState<RawRecord> state =
        context
            .getOperatorStateStore()
            .getListState(
                new ListStateDescriptor<>("queued-frames", TypeInformation.of(RawRecord.class)));
    List<RawRecord> restored = new ArrayList<>();
    if (context.isRestored()) {
      state.get().forEach(restored::add);
    }
    return new QueuedFramesState(state, restored);
  }

  /** The records restored from a checkpoint (none on a fresh start); a second call gets none. */
  List<RawRecord> takeRestored() {
    List<RawRecord> taken = restored;
    restored = List.of();
    return taken;
  }

  /** Replaces the state with the frames queued now. */
  void snapshot(CameraQueues<QueuedFrame> queue) throws Exception {
    List<RawRecord> queued = new ArrayList<>(queue.size());
    for (QueuedFrame frame : queue.all()) {
      queued.add(frame.raw());
    }
    state.update(queued);
  }
}
