package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.DeviceSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;

/**
 * Which device one labeling subtask takes, and why (the reason is logged once per subtask).
 *
 * <p>An explicit {@code cpu} or {@code gpu:N} wins. With {@code auto}, the GPUs that Flink's
 * external resource framework assigned to this TaskManager are spread over the subtasks (subtask
 * index mod count), so two subtasks on a two-GPU worker use both cards. Where Flink assigned none
 * (a local environment) but the engine sees GPUs, those are spread the same way; where neither, the
 * subtask labels on CPU.
 */
public record DeviceAssignment(DeviceSpec device, String reason) {

  /**
   * The external resource name the GPU plugin is configured under ({@code external-resources:
   * gpu}).
   */
  public static final String GPU_RESOURCE = "gpu";

  public boolean onGpu() {
    return device.kind() == DeviceSpec.Kind.GPU;
  }

  /** The GPU index, or -1 on CPU; exported as a metric. */
  public int gpuIndex() {
    return onGpu() ? device.gpuIndex() : -1;
  }

  public static DeviceAssignment choose(
      DeviceSpec requested, List<Integer> flinkGpuIndices, int engineGpuCount, int subtaskIndex) {
    switch (requested.kind()) {
      case CPU:
        return new DeviceAssignment(DeviceSpec.cpu(), "cpu requested");
      case GPU:
        return new DeviceAssignment(requested, requested + " requested");
      default:
        break;
    }
    if (!flinkGpuIndices.isEmpty()) {
      int index = flinkGpuIndices.get(subtaskIndex % flinkGpuIndices.size());
      if (index < engineGpuCount) {
        return new DeviceAssignment(
            DeviceSpec.gpu(index),
            "GPU "
                + index
                + " of the "
                + flinkGpuIndices.size()
                + " Flink assigned to this TaskManager "
                + flinkGpuIndices);
      }
      return new DeviceAssignment(
          DeviceSpec.cpu(),
          "Flink assigned GPUs "
              + flinkGpuIndices
              + " but the inference engine sees "
              + engineGpuCount
              + "; labeling on CPU");
    }
    if (engineGpuCount > 0) {
      int index = subtaskIndex % engineGpuCount;
      return new DeviceAssignment(
          DeviceSpec.gpu(index),
          "no GPU assigned by Flink; the engine sees " + engineGpuCount + ", taking GPU " + index);
    }
    return new DeviceAssignment(
        DeviceSpec.cpu(),
        "no GPU assigned by Flink and none seen by the inference engine; labeling on CPU");
  }

  /** The "index" property of each assigned GPU, sorted; entries without one are skipped. */
  public static List<Integer> gpuIndices(Collection<ExternalResourceInfo> infos) {
    List<Integer> indices = new ArrayList<>();
    for (ExternalResourceInfo info : infos) {
      Optional<String> index = info.getProperty("index");
      index
          .map(String::trim)
          .filter(s -> s.matches("\\d+"))
          .map(Integer::valueOf)
          .ifPresent(indices::add);
    }
    indices.sort(null);
    return indices;
  }
}
