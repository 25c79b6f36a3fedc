package dev.scenelabeler.jobs.options;

import dev.scenelabeler.connectors.records.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The default Kafka transactional id prefix of a job: a fixed start plus 8 hex digits of a hash of
 * its identity (group id and the four topic names). Jobs that differ in any of these never fence
 * each other's transactions; a job restarted with the same options gets the same prefix, so it can
 * abort its own lingering transactions.
 */
final class TransactionalIdPrefix {

  private TransactionalIdPrefix() {}

  static String derive(String start, String groupId, Topics topics) {
    String identity =
        String.join(
            "\u0000",
            groupId,
            topics.frames(),
            topics.masks(),
            topics.maskStats(),
            topics.deadLetters());
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(identity.getBytes(StandardCharsets.UTF_8));
      return start + HexFormat.of().formatHex(digest, 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
