package dev.scenelabeler.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;

/**
 * The cluster's settings as Flink {@link Configuration}s: the cluster's own, and the submitting
 * JVM's.
 */
final class FlinkConfigurations {

  private FlinkConfigurations() {}

  /** What the processes read from config.yaml; a list value as Flink's string form of a list. */
  static Configuration of(Map<String, Object> config) {
    Configuration c = new Configuration();
    config.forEach(
        (key, value) ->
            c.setString(
                key,
                value instanceof List<?> list
                    ? String.join(";", list.stream().map(Object::toString).toList())
                    : value.toString()));
    return c;
  }

  /**
   * The cluster's configuration, with Kafka's classes parent-first as well: the JVM that submits
   * has (unlike {@code flink run}'s) the Kafka connector on its class path, whose classes load
   * parent-first (org.apache.flink.) and must see the same Kafka classes as the job's own.
   */
  static Configuration forSubmitter(Map<String, Object> config) {
    Configuration c = of(config);
    List<String> parentFirst =
        new ArrayList<>(c.get(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL));
    parentFirst.add("org.apache.kafka.");
    c.set(CoreOptions.ALWAYS_PARENT_FIRST_LOADER_PATTERNS_ADDITIONAL, parentFirst);
    return c;
  }
}
