package dev.scenelabeler.connectors.clients;

import java.util.Optional;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;

/**
 * What a broker refused, said plainly: authentication (user or password), TLS trust, or an ACL
 * (which topic, group or transactional id). Kafka's messages name none of the fixes; these do.
 */
public final class KafkaRefusals {

  private KafkaRefusals() {}

  /**
   * A message for the first refusal in {@code failure}'s cause chain; empty when it holds none (a
   * timeout, a missing topic: the caller says those its own way).
   */
  public static Optional<String> explain(Throwable failure, String bootstrap) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SslAuthenticationException) {
        return Optional.of(tls(t, bootstrap));
      }
      if (t instanceof SaslAuthenticationException) {
        return Optional.of(
            "Kafka at "
                + bootstrap
                + " refused authentication: "
                + t.getMessage()
                + " (check the user name and password of sasl.jaas.config in --kafka-config)");
      }
      if (t instanceof AuthenticationException) {
        return Optional.of(
            "Kafka at "
                + bootstrap
                + " refused authentication: "
                + t.getMessage()
                + " (check security.protocol and sasl.mechanism in --kafka-config against the"
                + " broker's listener)");
      }
      if (t instanceof AuthorizationException) {
        return Optional.of(authorization((AuthorizationException) t, bootstrap));
      }
    }
    return Optional.empty();
  }

  /** Whether {@code failure} is a refusal {@link #explain} names: retrying will not help. */
  public static boolean isRefusal(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof AuthenticationException || t instanceof AuthorizationException) {
        return true;
      }
    }
    return false;
  }

  /** The refusal's message, or {@code fallback} for any other failure. */
  public static String explainOr(Throwable failure, String bootstrap, String fallback) {
    return explain(failure, bootstrap).orElse(fallback);
  }

  private static String tls(Throwable t, String bootstrap) {
    String detail = rootMessage(t);
    boolean trust =
        detail.contains("PKIX")
            || detail.contains("certification path")
            || detail.contains("unable to find valid");
    return "TLS handshake with Kafka at "
        + bootstrap
        + " failed: "
        + (trust
            ? "the broker's certificate is not trusted (set ssl.truststore.location, and"
                + " ssl.truststore.password, in --kafka-config to a trust store holding the"
                + " broker's CA)"
            : detail + " (check the ssl.* settings in --kafka-config)");
  }

  private static String authorization(AuthorizationException e, String bootstrap) {
    String what;
    if (e instanceof TopicAuthorizationException topics && !topics.unauthorizedTopics().isEmpty()) {
      what = "topic(s) " + topics.unauthorizedTopics();
    } else if (e instanceof GroupAuthorizationException group && group.groupId() != null) {
      what = "consumer group '" + group.groupId() + "'";
    } else if (e instanceof TransactionalIdAuthorizationException) {
      what =
          "the transactional id (the exactly-once sinks need WRITE on the"
              + " --transactional-id-prefix)";
    } else if (e instanceof ClusterAuthorizationException) {
      what = "the cluster";
    } else {
      what = "a resource";
    }
    return "Kafka at "
        + bootstrap
        + " refused access to "
        + what
        + ": "
        + e.getMessage()
        + " (the ACLs scene-labeler needs are listed in docs/SECURITY.md)";
  }

  private static String rootMessage(Throwable t) {
    Throwable root = t;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return String.valueOf(root.getMessage());
  }
}
