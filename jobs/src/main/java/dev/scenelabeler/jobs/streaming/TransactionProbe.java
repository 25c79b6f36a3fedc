package dev.scenelabeler.jobs.streaming;

import dev.scenelabeler.jobs.options.JobOptions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidTxnTimeoutException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Starts one transactional producer the way the exactly-once sinks will, with the id {@code
 * PREFIX-preflight} under the job's transactional id prefix and its transaction timeout: the only
 * way to learn, before the job takes a frame, whether the ACLs allow WRITE on those transactional
 * ids (there is no describe for them) and whether the broker accepts the timeout. It writes
 * nothing; the id stays known to the broker until {@code transactional.id.expiration.ms}.
 */
final class TransactionProbe {

  private TransactionProbe() {}

  /** A problem when the broker refuses the probe's transactional id or timeout; else empty. */
  static Optional<String> problem(JobOptions options, Map<String, Object> clientSettings) {
    String prefix = options.transactionalIdPrefix();
    Map<String, Object> settings = new LinkedHashMap<>(clientSettings);
    settings.keySet().removeIf(key -> key.startsWith("default.api.timeout"));
    settings.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, prefix + "-preflight");
    settings.put(
        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) options.transactionTimeout().toMillis());
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      return Optional.empty();
    } catch (TransactionalIdAuthorizationException e) {
      return Optional.of(
          "not authorized: the ACLs do not allow WRITE on transactional ids with prefix '"
              + prefix
              + "' for this principal (exactly-once needs WRITE and DESCRIBE on that prefix,"
              + " PREFIXED; or use --delivery at-least-once)");
    } catch (InvalidTxnTimeoutException e) {
      return Optional.of(
          "the broker refused transaction timeout "
              + options.transactionTimeout().toMillis()
              + " ms: "
              + e.getMessage()
              + " (use --tx-timeout-ms below the broker's transaction.max.timeout.ms)");
    } catch (KafkaException e) {
      return Optional.of(
          "a transactional producer could not start on "
              + options.bootstrapServers()
              + ": "
              + e.getMessage());
    }
  }
}
