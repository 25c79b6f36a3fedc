package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.temporal.TemporalState;
import java.time.Duration;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each camera's temporal-filter state in Flink keyed state: checkpointed with the job, restored on
 * a restart and moved with its camera when the job is rescaled. Stored as {@link
 * TemporalState#toBytes()} (about 86 KB for a 16:9 camera at the default working size, whatever its
 * resolution), and dropped {@link #TTL} after a camera's last frame: a camera that went quiet costs
 * nothing for long, and a filter would not use state that old anyway ({@code maxGapMs}).
 */
final class FilterHistories implements CameraHistories {

  private static final Logger LOG = LoggerFactory.getLogger(FilterHistories.class);

  static final String NAME = "temporal-filter";

  /** How long a camera's state outlives its last frame (processing time). */
  static final Duration TTL = Duration.ofMinutes(10);

  private final ValueState<byte[]> state;
  private final KeyedStateBackend<String> backend;

  private FilterHistories(ValueState<byte[]> state, KeyedStateBackend<String> backend) {
    this.state = state;
    this.backend = backend;
  }

  static FilterHistories initialize(
      StateInitializationContext context, KeyedStateBackend<String> backend) {
    ValueStateDescriptor<byte[]> descriptor =
        new ValueStateDescriptor<>(NAME, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
    descriptor.enableTimeToLive(
        StateTtlConfig.newBuilder(TTL)
            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
            .build());
    return new FilterHistories(context.getKeyedStateStore().getState(descriptor), backend);
  }

  @Override
  public TemporalState get(String camera) {
    backend.setCurrentKey(camera);
    byte[] stored;
    try {
      stored = state.value();
    } catch (Exception e) {
      throw new IllegalStateException("cannot read the filter state of camera " + camera, e);
    }
    if (stored == null) {
      return null;
    }
    try {
      return TemporalState.fromBytes(stored);
    } catch (IllegalArgumentException e) { // a layout this version cannot read: start afresh
      LOG.warn("Camera {}: filter state unreadable ({}), starting afresh", camera, e.getMessage());
      return null;
    }
  }

  @Override
  public void put(String camera, TemporalState history) {
    backend.setCurrentKey(camera);
    try {
      state.update(history == null ? null : history.toBytes());
    } catch (Exception e) {
      throw new IllegalStateException("cannot write the filter state of camera " + camera, e);
    }
  }
}
