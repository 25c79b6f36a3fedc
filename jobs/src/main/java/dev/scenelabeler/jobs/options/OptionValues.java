package dev.scenelabeler.jobs.options;

import static dev.scenelabeler.jobs.options.JobOptionDeclarations.ALL;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Option values by properties key, each typed by its declaration; an option absent here has its
 * default. {@link JobOptions} keeps a frozen copy, its builder a changing one.
 */
final class OptionValues implements Serializable {

  private static final long serialVersionUID = 1L;

  private final Map<String, Serializable> values;

  private OptionValues(Map<String, Serializable> values) {
    this.values = values;
  }

  static OptionValues none() {
    return new OptionValues(new LinkedHashMap<>());
  }

  /** A copy that {@link #set} changes. */
  OptionValues changeable() {
    return new OptionValues(new LinkedHashMap<>(values));
  }

  /** A copy that cannot change. */
  OptionValues frozen() {
    return new OptionValues(Map.copyOf(values));
  }

  /**
   * The value of {@code option}: the one set, else its default ({@code null} where it has none).
   */
  <T extends Serializable> T get(JobOption<T> option) {
    Serializable value = values.get(option.key());
    return value != null ? option.type().cast(value) : option.defaultValue();
  }

  /** Sets {@code option}; {@code null} restores its default. */
  <T extends Serializable> void set(JobOption<T> option, T value) {
    if (value == null) {
      values.remove(option.key());
    } else {
      values.put(option.key(), option.type().cast(value));
    }
  }

  /** Every declared option as {@code key=value}, defaults included, in declaration order. */
  @Override
  public String toString() {
    return ALL.stream().map(this::keyValue).collect(Collectors.joining(" "));
  }

  private <T extends Serializable> String keyValue(JobOption<T> option) {
    T value = get(option);
    return option.key()
        + "="
        + (value == null ? "(" + option.defaultText() + ")" : option.display(value));
  }
}
