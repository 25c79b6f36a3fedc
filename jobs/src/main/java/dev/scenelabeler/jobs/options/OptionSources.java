package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.ALL;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Reads job options from the sources other than flags: properties (a {@code --config} file) and a
 * Flink configuration, each through the options' declarations; errors name the source.
 */
final class OptionSources {

  private OptionSources() {}

  /**
   * Every key of {@code properties}.
   *
   * @throws IllegalArgumentException for an unknown key (listing the known ones) or a bad value
   */
  static void applyProperties(JobOptionsBuilder builder, Properties properties) {
    for (String key : properties.stringPropertyNames()) {
      JobOption<?> option =
          JobOptionDeclarations.byKey(key)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unknown "
                              + "option '"
                              + key
                              + "'; known: "
                              + ALL.stream()
                                  .map(JobOption::key)
                                  .collect(Collectors.joining(", "))));
      builder.setText(option, properties.getProperty(key));
    }
  }

  /** {@link #applyProperties} from a file; errors name the file. */
  static void applyPropertiesFile(JobOptionsBuilder builder, Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read options file " + file + ": " + e.getMessage(), e);
    }
    try {
      applyProperties(builder, properties);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * The options a Flink configuration sets, under {@value JobOption#FLINK_KEY_PREFIX} plus the
   * properties key (e.g. {@code flink run -Dscene-labeler.batch.size=4}); Flink's own keys are left
   * alone.
   */
  static void applyFlinkConfiguration(JobOptionsBuilder builder, ReadableConfig configuration) {
    for (JobOption<?> option : ALL) {
      configuration
          .getOptional(option.flinkOption())
          .ifPresent(text -> builder.setText(option, text));
    }
  }
}
