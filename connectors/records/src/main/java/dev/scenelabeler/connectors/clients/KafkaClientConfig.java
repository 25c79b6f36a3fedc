package dev.scenelabeler.connectors.clients;

import java.io.IOException;
import java.io.Reader;
import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Kafka client settings from a properties file, as Kafka's own tools take them ({@code
 * kafka-console-consumer --consumer.config}, {@code kafka-topics --command-config}): security
 * protocol, SASL, TLS trust and key stores, and any other client setting. Every client the project
 * makes puts its own settings first and these over them ({@link #over}), except the settings the
 * project must own ({@link OwnedSettings}), which this file may not set.
 *
 * <p>Secrets can stay out of the file: Kafka's config providers resolve {@code ${env:VAR}} ({@code
 * config.providers=env} with {@code EnvVarConfigProvider}) or {@code ${file:PATH:KEY}} inside the
 * client, so neither this object nor a job graph holds the value. {@link #toString()} hides the
 * value of every secret setting ({@link SecretSettings}).
 */
public final class KafkaClientConfig implements Serializable {

  @Serial private static final long serialVersionUID = 1L;

  private static final KafkaClientConfig NONE = new KafkaClientConfig("", Map.of());

  /** The file the settings came from; empty for {@link #none()}. */
  private final String source;

  private final TreeMap<String, String> settings;

  private KafkaClientConfig(String source, Map<String, String> settings) {
    this.source = source;
    this.settings = new TreeMap<>(settings);
  }

  /** No settings: a plaintext broker, as without {@code --kafka-config}. */
  public static KafkaClientConfig none() {
    return NONE;
  }

  /**
   * The settings of a properties file.
   *
   * @throws IllegalArgumentException naming the file when it is missing or unreadable, or naming
   *     the key of an owned setting it sets (never a value: it may be a secret)
   */
  public static KafkaClientConfig load(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file)) {
      properties.load(reader);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("Kafka client config file " + file + " does not exist");
    } catch (IOException | IllegalArgumentException e) {
      // Properties' own messages ("Malformed \\uxxxx encoding") never quote the line.
      throw new IllegalArgumentException(
          "cannot read Kafka client config file " + file + ": " + e.getMessage());
    }
    Map<String, String> settings = new LinkedHashMap<>();
    for (String key : properties.stringPropertyNames()) {
      settings.put(key, properties.getProperty(key).trim());
    }
    try {
      return of(file.toString(), settings);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage());
    }
  }

  /**
   * Settings given in code (tests, fixtures); {@code source} names them in messages.
   *
   * @throws IllegalArgumentException naming the first owned setting among them
   */
  public static KafkaClientConfig of(String source, Map<String, String> settings) {
    for (String key : settings.keySet()) {
      OwnedSettings.reasonFor(key)
          .ifPresent(
              reason -> {
                throw new IllegalArgumentException(
                    "sets '"
                        + key
                        + "', which scene-labeler sets itself and a client config may not"
                        + " override: "
                        + reason);
              });
    }
    return new KafkaClientConfig(Objects.requireNonNull(source, "source"), settings);
  }

  /** Reads {@link #load} from a path written as text (a flag, a properties key); blank: none. */
  public static KafkaClientConfig parse(String path) {
    return path == null || path.isBlank() ? none() : load(Path.of(path.trim()));
  }

  /**
   * The client's own {@code settings} with these over them; a new map, for a client's constructor.
   */
  public Map<String, Object> over(Map<String, ?> settings) {
    Map<String, Object> merged = new LinkedHashMap<>(settings);
    merged.putAll(this.settings);
    return merged;
  }

  /** The settings as the file wrote them, secrets included; for clients only, never print it. */
  public Map<String, String> settings() {
    return Collections.unmodifiableMap(settings);
  }

  public boolean isEmpty() {
    return settings.isEmpty();
  }

  /** The file the settings came from; empty where there is none. */
  public String source() {
    return source;
  }

  /** {@code security.protocol}, PLAINTEXT where the file does not set it. */
  public String securityProtocol() {
    return settings.getOrDefault("security.protocol", "PLAINTEXT");
  }

  /**
   * The file and its settings with every secret value hidden, e.g. {@code client.properties
   * {sasl.jaas.config=[hidden], security.protocol=SASL_SSL}}: safe for the startup line and logs.
   */
  @Override
  public String toString() {
    if (settings.isEmpty() && source.isEmpty()) {
      return "none";
    }
    return source
        + " "
        + settings.entrySet().stream()
            .map(e -> e.getKey() + "=" + SecretSettings.printable(e.getKey(), e.getValue()))
            .collect(Collectors.joining(", ", "{", "}"));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaClientConfig other
        && source.equals(other.source)
        && settings.equals(other.settings);
  }

  @Override
  public int hashCode() {
    return Objects.hash(source, settings);
  }
}
