package dev.scenelabeler.connectors.clients;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

/**
 * Which Kafka client settings hold secrets, so their values are never printed: those Kafka itself
 * declares as passwords ({@code sasl.jaas.config}, {@code ssl.*.password}, {@code
 * ssl.keystore.key}, ...; Kafka's own config logging hides the same), and any other key whose name
 * says password, secret, token, credential or key material (a plugin's settings Kafka cannot know).
 */
public final class SecretSettings {

  /** What a hidden value prints as; Kafka's own config logging prints the same. */
  public static final String HIDDEN = "[hidden]";

  private static final Set<String> KAFKA_PASSWORDS =
      Stream.of(
              ProducerConfig.configDef(), ConsumerConfig.configDef(), AdminClientConfig.configDef())
          .flatMap(def -> def.configKeys().values().stream())
          .filter(key -> key.type == ConfigDef.Type.PASSWORD)
          .map(key -> key.name)
          .collect(Collectors.toUnmodifiableSet());

  private static final Pattern SECRET_NAME =
      Pattern.compile("password|secret|token|credential|jaas|\\.key$|private");

  private SecretSettings() {}

  /** Whether the value of {@code key} is a secret. */
  public static boolean isSecret(String key) {
    return KAFKA_PASSWORDS.contains(key)
        || SECRET_NAME.matcher(key.toLowerCase(Locale.ROOT)).find();
  }

  /** {@code value}, or {@link #HIDDEN} where {@code key} is a secret. */
  public static String printable(String key, String value) {
    return isSecret(key) ? HIDDEN : value;
  }
}
