package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;

/**
 * Every configuration key Flink 2.2.1 knows: the {@link ConfigOption} constants (and their
 * deprecated/fallback keys) of the {@code *Options} classes in the Flink jars of a {@link
 * FlinkHome}, plus the families Flink builds from a name (external resources, reporters).
 */
final class FlinkConfigKeys {

  /** Keys that embed a user-chosen name, e.g. external-resource.gpu.amount. */
  private static final List<Pattern> NAMED_FAMILIES =
      List.of(
          Pattern.compile(
              "external-resource\\.[a-z0-9_-]+\\.(amount|driver-factory\\.class|kubernetes\\.config-key|yarn\\.config-key|param\\..+)"),
          Pattern.compile("metrics\\.reporter\\.[a-z0-9_-]+\\..+"));

  private final Set<String> keys;

  private FlinkConfigKeys(Set<String> keys) {
    this.keys = Collections.unmodifiableSet(keys);
  }

  static FlinkConfigKeys of(FlinkHome home) {
    Set<String> keys = new HashSet<>();
    for (Path jar : FlinkHome.jars(home.lib())) {
      if (!jar.getFileName().toString().startsWith("flink-")) {
        continue;
      }
      try (JarFile file = new JarFile(jar.toFile())) {
        Enumeration<JarEntry> entries = file.entries();
        while (entries.hasMoreElements()) {
          String name = entries.nextElement().getName();
          if (name.startsWith("org/apache/flink/")
              && name.endsWith("Options.class")
              && !name.contains("$")) {
            collect(name.substring(0, name.length() - 6).replace('/', '.'), keys);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + jar, e);
      }
    }
    return new FlinkConfigKeys(keys);
  }

  private static void collect(String className, Set<String> keys) {
    Class<?> type;
    try {
      type = Class.forName(className, true, FlinkConfigKeys.class.getClassLoader());
    } catch (ClassNotFoundException | LinkageError e) {
      return; // an options class of an optional module whose dependencies are not here
    }
    for (Field field : type.getFields()) {
      if (Modifier.isStatic(field.getModifiers())
          && ConfigOption.class.isAssignableFrom(field.getType())) {
        try {
          ConfigOption<?> option = (ConfigOption<?>) field.get(null);
          keys.add(option.key());
          for (FallbackKey fallback : option.fallbackKeys()) {
            keys.add(fallback.getKey());
          }
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
      }
    }
  }

  boolean isKnown(String key) {
    return keys.contains(key) || NAMED_FAMILIES.stream().anyMatch(p -> p.matcher(key).matches());
  }

  int size() {
    return keys.size();
  }
}
