package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

class FlinkConfigurationsTest {

  private final Map<String, Object> config =
      new LinkedHashMap<>(
          Map.of(
              "taskmanager.numberOfTaskSlots",
              2,
              "classloader.parent-first-patterns.additional",
              List.of("ai.djl.", "org.bytedeco.")));

  @Test
  void shouldGiveFlinkListsAndNumbersAsItReadsThemFromConfigYaml() {
    Configuration flink = FlinkConfigurations.of(config);

    assertThat(flink.get(TaskManagerOptions.NUM_TASK_SLOTS)).isEqualTo(2);
    assertThat(flink.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
        .containsExactly("ai.djl.", "org.bytedeco.");
  }

  @Test
  void shouldLoadKafkaParentFirstInTheSubmitterOnlyAndKeepTheClustersPatterns() {
    Configuration submitter = FlinkConfigurations.forSubmitter(config);

    assertThat(submitter.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
        .containsExactly("ai.djl.", "org.bytedeco.", "org.apache.kafka.");
    assertThat(
            FlinkConfigurations.of(config)
                .get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL))
        .doesNotContain("org.apache.kafka.");
  }
}
