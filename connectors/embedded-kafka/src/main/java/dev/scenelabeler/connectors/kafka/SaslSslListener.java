package dev.scenelabeler.connectors.kafka;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The embedded broker's secured client listener: SASL_SSL (TLS with a {@link SelfSignedTls}
 * certificate, SASL/PLAIN user names and passwords) and Kafka's standard authorizer, under which a
 * user may do only what ACLs allow. {@value #ADMIN} is the one super user; the test or tool that
 * starts the broker creates the ACLs through it.
 *
 * <p>The KRaft controller listener stays PLAINTEXT on 127.0.0.1: the broker's own requests to its
 * controller arrive there as {@code User:ANONYMOUS}, which is therefore a super user too. It serves
 * only controller requests, never topics.
 *
 * @param users user name to password, {@value #ADMIN} included
 * @param tls the broker's certificate and the CA clients trust
 */
public record SaslSslListener(Map<String, String> users, SelfSignedTls tls) {

  /** The super user. */
  public static final String ADMIN = "admin";

  static final String NAME = "SASL_SSL";
  private static final String PLAIN_LOGIN =
      "org.apache.kafka.common.security.plain.PlainLoginModule";

  public SaslSslListener {
    users = Map.copyOf(users);
    if (!users.containsKey(ADMIN)) {
      throw new IllegalArgumentException("the users must include the super user '" + ADMIN + "'");
    }
  }

  /** {@code users} plus {@value #ADMIN} with a random password. */
  static Map<String, String> withAdmin(Map<String, String> users) {
    Map<String, String> all = new LinkedHashMap<>(users);
    all.putIfAbsent(ADMIN, randomPassword());
    return all;
  }

  /** A random password: 18 random bytes, URL-safe base64. */
  public static String randomPassword() {
    byte[] bytes = new byte[18];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** The broker's settings for this listener on {@code port}. */
  void addTo(Properties p, int port, int controllerPort) {
    p.put(
        "listeners",
        NAME
            + "://"
            + BrokerConfig.HOST
            + ":"
            + port
            + ",CONTROLLER://"
            + BrokerConfig.HOST
            + ":"
            + controllerPort);
    p.put("advertised.listeners", NAME + "://" + BrokerConfig.HOST + ":" + port);
    p.put("inter.broker.listener.name", NAME);
    p.put("listener.security.protocol.map", NAME + ":SASL_SSL,CONTROLLER:PLAINTEXT");
    p.put("sasl.enabled.mechanisms", "PLAIN");
    p.put("sasl.mechanism.inter.broker.protocol", "PLAIN");
    StringBuilder jaas = new StringBuilder(PLAIN_LOGIN + " required");
    jaas.append(" username=\"").append(ADMIN).append("\" password=\"").append(users.get(ADMIN));
    jaas.append('"');
    users.forEach(
        (user, password) ->
            jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
    p.put("listener.name.sasl_ssl.plain.sasl.jaas.config", jaas.append(';').toString());
    p.put("ssl.keystore.type", "PKCS12");
    p.put("ssl.keystore.location", tls.brokerKeyStore().toString());
    p.put("ssl.keystore.password", tls.keyStorePassword());
    p.put("ssl.key.password", tls.keyStorePassword());
    // The broker is its own client on the inter-broker listener.
    p.put("ssl.truststore.type", "PEM");
    p.put("ssl.truststore.location", tls.caCertificate().toString());
    p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
    p.put("super.users", "User:" + ADMIN + ";User:ANONYMOUS");
  }

  /** What a client of {@code user} sets: SASL_SSL, PLAIN with its password, the CA as trust. */
  public Map<String, String> clientSettings(String user) {
    String password = users.get(user);
    if (password == null) {
      throw new IllegalArgumentException("no user '" + user + "' on this broker");
    }
    return clientSettings(user, password);
  }

  /** As {@link #clientSettings(String)}, with any user name and password (refusal tests). */
  public Map<String, String> clientSettings(String user, String password) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("security.protocol", "SASL_SSL");
    settings.put("sasl.mechanism", "PLAIN");
    settings.put(
        "sasl.jaas.config",
        PLAIN_LOGIN + " required username=\"" + user + "\" password=\"" + password + "\";");
    settings.put("ssl.truststore.type", "PEM");
    settings.put("ssl.truststore.location", tls.caCertificate().toString());
    return settings;
  }

  /** The super user's client settings, as a {@link KafkaClientConfig}. */
  KafkaClientConfig adminConfig() {
    return KafkaClientConfig.of("embedded broker super user", clientSettings(ADMIN));
  }
}
