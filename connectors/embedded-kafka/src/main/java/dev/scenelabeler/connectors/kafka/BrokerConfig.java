package dev.scenelabeler.connectors.kafka;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * All that {@link EmbeddedKafkaBroker.Builder} decides, ports and directory included, and the
 * server properties of the single-node broker built from it.
 */
record BrokerConfig(
    Path dataDir,
    boolean deleteDataDir,
    int port,
    int controllerPort,
    Duration transactionMaxTimeout,
    Map<String, String> overrides,
    Optional<SaslSslListener> secured) {

  static final int NODE_ID = 1;
  static final String HOST = "127.0.0.1";

  /** The {@code server.properties} of a combined KRaft broker and controller on {@code logDir}. */
  Properties serverProperties(Path logDir) {
    Properties p = new Properties();
    // One process is both the KRaft controller and the broker: a single-node cluster.
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(NODE_ID));
    p.put("controller.quorum.voters", NODE_ID + "@" + HOST + ":" + controllerPort);
    p.put(
        "listeners",
        "PLAINTEXT://" + HOST + ":" + port + ",CONTROLLER://" + HOST + ":" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    secured.ifPresent(listener -> listener.addTo(p, port, controllerPort));
    p.put("log.dirs", logDir.toString());
    // One node: every internal topic can only have one replica and one in-sync replica.
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("min.insync.replicas", "1");
    p.put("default.replication.factor", "1");
    // Internal topics default to 50 partitions; a handful starts much faster on a laptop.
    p.put("offsets.topic.num.partitions", "5");
    p.put("transaction.state.log.num.partitions", "5");
    // Consumer groups start at once instead of waiting 3 s for more members (tests, demo).
    p.put("group.initial.rebalance.delay.ms", "0");
    // Topics are created explicitly with the partition counts the job needs; a typo fails loudly.
    p.put("auto.create.topics.enable", "false");
    p.put("message.max.bytes", Integer.toString(EmbeddedKafkaBroker.MESSAGE_MAX_BYTES));
    p.put("transaction.max.timeout.ms", Long.toString(transactionMaxTimeout.toMillis()));
    // Video fills a disk fast (30 fps x 50 KB = 5 GB/hour per camera): keep an hour, in
    // 64 MB segments so retention can actually delete.
    p.put("log.retention.ms", Long.toString(Duration.ofHours(1).toMillis()));
    p.put("log.segment.bytes", Integer.toString(64 * 1024 * 1024));
    p.putAll(overrides);
    return p;
  }
}
