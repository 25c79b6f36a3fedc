package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.DeviceSpec;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.junit.jupiter.api.Test;

class DeviceAssignmentTest {

  @Test
  void shouldSpreadSubtasksOverTheGpusFlinkAssigned() {
    List<Integer> gpus = List.of(2, 3);
    assertThat(DeviceAssignment.choose(DeviceSpec.auto(), gpus, 4, 0).device())
        .isEqualTo(DeviceSpec.gpu(2));
    assertThat(DeviceAssignment.choose(DeviceSpec.auto(), gpus, 4, 1).device())
        .isEqualTo(DeviceSpec.gpu(3));
    assertThat(DeviceAssignment.choose(DeviceSpec.auto(), gpus, 4, 2).device())
        .isEqualTo(DeviceSpec.gpu(2));
  }

  @Test
  void shouldFallBackToCpuWithAReasonWhenTheEngineSeesNoAssignedGpu() {
    DeviceAssignment a = DeviceAssignment.choose(DeviceSpec.auto(), List.of(0), 0, 0);
    assertThat(a.device()).isEqualTo(DeviceSpec.cpu());
    assertThat(a.reason()).contains("Flink assigned GPUs [0]").contains("sees 0");
    DeviceAssignment none = DeviceAssignment.choose(DeviceSpec.auto(), List.of(), 0, 3);
    assertThat(none.device()).isEqualTo(DeviceSpec.cpu());
    assertThat(none.gpuIndex()).isEqualTo(-1);
  }

  @Test
  void shouldUseTheEnginesGpusWhenFlinkAssignedNone() {
    assertThat(DeviceAssignment.choose(DeviceSpec.auto(), List.of(), 2, 3).device())
        .isEqualTo(DeviceSpec.gpu(1));
  }

  @Test
  void shouldHonourAnExplicitDevice() {
    assertThat(DeviceAssignment.choose(DeviceSpec.cpu(), List.of(0, 1), 2, 0).device())
        .isEqualTo(DeviceSpec.cpu());
    assertThat(DeviceAssignment.choose(DeviceSpec.gpu(1), List.of(0), 2, 0).device())
        .isEqualTo(DeviceSpec.gpu(1));
  }

  @Test
  void shouldReadTheIndexPropertyOfFlinksGpuInfos() {
    assertThat(DeviceAssignment.gpuIndices(Set.of(gpu("3"), gpu("1"), gpu(null))))
        .containsExactly(1, 3);
  }

  private static ExternalResourceInfo gpu(String index) {
    Map<String, String> properties = index == null ? Map.of() : Map.of("index", index);
    return new ExternalResourceInfo() {
      @Override
      public Optional<String> getProperty(String key) {
        return Optional.ofNullable(properties.get(key));
      }

      @Override
      public Collection<String> getKeys() {
        return properties.keySet();
      }
    };
  }
}
