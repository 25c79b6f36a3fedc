package dev.scenelabeler.connectors.clients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class KafkaClientConfigTest {

  private static final String JAAS =
      "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\""
          + " password=\"s3cret-value\";";

  @TempDir Path dir;

  @Test
  void shouldPutTheFileSettingsOverTheClientsOwn() throws Exception {
    Path file = write("security.protocol=SASL_SSL\nlinger.ms=50\n");
    KafkaClientConfig config = KafkaClientConfig.load(file);

    Map<String, Object> merged = config.over(Map.of("linger.ms", 5, "client.id", "x"));

    assertThat(merged)
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("linger.ms", "50")
        .containsEntry("client.id", "x");
    assertThat(config.securityProtocol()).isEqualTo("SASL_SSL");
    assertThat(config.source()).isEqualTo(file.toString());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "isolation.level",
        "transactional.id",
        "key.serializer",
        "value.deserializer",
        "bootstrap.servers",
        "group.id",
        "enable.idempotence"
      })
  void shouldRefuseASettingTheProjectOwnsNamingItAndTheFile(String key) throws Exception {
    Path file = write(key + "=anything\n");

    assertThatThrownBy(() -> KafkaClientConfig.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(file + ": sets '" + key + "', which scene-labeler sets itself")
        .hasMessageNotContaining("anything");
  }

  @Test
  void shouldHideEverySecretWhenPrinted() throws Exception {
    Path file =
        write(
            "security.protocol=SASL_SSL\n"
                + "sasl.jaas.config="
                + JAAS.replace("\"", "\\\"")
                + "\nssl.truststore.password=store-pass-1\n"
                + "ssl.keystore.key=PEM-KEY-2\n"
                + "sasl.oauthbearer.client.secret=oauth-3\n"
                + "my.plugin.token=token-4\n");

    String printed = KafkaClientConfig.load(file).toString();

    assertThat(printed)
        .contains("security.protocol=SASL_SSL", "sasl.jaas.config=[hidden]")
        .doesNotContain("s3cret-value", "store-pass-1", "PEM-KEY-2", "oauth-3", "token-4");
  }

  @Test
  void shouldTellSecretKeysFromOthersAsKafkaDeclaresThem() {
    assertThat(SecretSettings.isSecret("sasl.jaas.config")).isTrue();
    assertThat(SecretSettings.isSecret("ssl.key.password")).isTrue();
    assertThat(SecretSettings.isSecret("ssl.truststore.certificates")).isTrue();
    assertThat(SecretSettings.isSecret("security.protocol")).isFalse();
    assertThat(SecretSettings.isSecret("ssl.truststore.location")).isFalse();
    assertThat(SecretSettings.isSecret("sasl.mechanism")).isFalse();
  }

  @Test
  void shouldNameAMissingFile() {
    Path missing = dir.resolve("nope.properties");

    assertThatThrownBy(() -> KafkaClientConfig.parse(missing.toString()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Kafka client config file " + missing + " does not exist");
  }

  @Test
  void shouldReadABlankPathAsNoSettings() {
    assertThat(KafkaClientConfig.parse(" ")).isEqualTo(KafkaClientConfig.none());
    assertThat(KafkaClientConfig.none().toString()).isEqualTo("none");
  }

  @Test
  void shouldTravelWithAJobAsASerializableValue() throws Exception {
    KafkaClientConfig config = KafkaClientConfig.load(write("security.protocol=SSL\n"));
    try (ObjectOutputStream out = new ObjectOutputStream(new ByteArrayOutputStream())) {
      out.writeObject(config);
    }
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("client.properties");
    Files.writeString(file, text);
    return file;
  }
}
