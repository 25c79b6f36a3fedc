package dev.scenelabeler.jobs.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

/** The in-process Flink cluster the job tests run on. */
public final class FlinkMiniClusters {

  private FlinkMiniClusters() {}

  /** One task manager with {@code slots} slots: a job at that parallelism fits in it. */
  public static MiniClusterExtension withSlots(int slots) {
    return new MiniClusterExtension(
        new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(slots)
            .build());
  }
}
