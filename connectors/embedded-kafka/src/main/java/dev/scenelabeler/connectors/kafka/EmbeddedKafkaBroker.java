package dev.scenelabeler.connectors.kafka;

import dev.scenelabeler.connectors.clients.KafkaClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running in this
 * JVM: for {@code ./scene-labeler kafka}, the demo and the tests. Listens on 127.0.0.1 only. Data
 * goes to a temporary directory, deleted on {@link #close()}, or to a configured one, kept and
 * reused.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
 *   kafka.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 4));
 *   ... kafka.bootstrapServers() ...
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);

  /** Kafka's own default; a transactional producer (the Flink sink) must ask for no more. */
  public static final Duration DEFAULT_TRANSACTION_MAX_TIMEOUT = Duration.ofMinutes(15);

  /** Frames can be several MB (a 4K PNG); the broker default of ~1 MB would reject them. */
  public static final int MESSAGE_MAX_BYTES = 16 * 1024 * 1024;

  private final BrokerConfig settings;
  private KafkaRaftServer server;
  private Duration startTime = Duration.ZERO;
  private boolean recoveredUncleanShutdown;
  private boolean closed;

  private EmbeddedKafkaBroker(BrokerConfig settings) {
    this.settings = settings;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A broker on a free port with data in a temporary directory, started. */
  public static EmbeddedKafkaBroker startDefault() {
    return builder().build().start();
  }

  /**
   * Formats the data directory (first use only), starts the broker and waits until it serves
   * requests. Logs and records how long that took ({@link #startTime()}).
   */
  public EmbeddedKafkaBroker start() {
    if (server != null) {
      throw new IllegalStateException("broker already started");
    }
    long begin = System.nanoTime();
    Path logDir = settings.dataDir().resolve("kraft-combined-logs");
    ScheduledExecutorService progress = null;
    try {
      Files.createDirectories(logDir);
      recoveredUncleanShutdown = KraftDataDir.wasShutDownUncleanly(logDir);
      KraftDataDir.formatIfNew(logDir);
      if (recoveredUncleanShutdown) {
        progress = KraftDataDir.reportRecovery(logDir, begin);
      }
      server =
          new KafkaRaftServer(
              KafkaConfig.fromProps(settings.serverProperties(logDir), false), Time.SYSTEM);
      server.startup();
      KafkaTopics.awaitBrokerReady(bootstrapServers(), adminConfig(), Duration.ofSeconds(60));
    } catch (Exception e) {
      close();
      throw new IllegalStateException(
          "Kafka broker did not start on "
              + bootstrapServers()
              + " with data in "
              + settings.dataDir()
              + ": "
              + e.getMessage(),
          e);
    } finally {
      if (progress != null) {
        progress.shutdownNow();
      }
    }
    startTime = Duration.ofNanos(System.nanoTime() - begin);
    LOG.info(
        "Kafka broker ready at {} in {} ms (KRaft, data in {}{})",
        bootstrapServers(),
        startTime.toMillis(),
        settings.dataDir(),
        settings.deleteDataDir() ? ", deleted on close" : "");
    return this;
  }

  /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
  public String bootstrapServers() {
    return BrokerConfig.HOST + ":" + settings.port();
  }

  public int port() {
    return settings.port();
  }

  /**
   * Whether the last {@link #start()} found the data directory not shut down cleanly (the process
   * was killed) and Kafka had to recover its logs first.
   */
  public boolean recoveredUncleanShutdown() {
    return recoveredUncleanShutdown;
  }

  public Path dataDir() {
    return settings.dataDir();
  }

  /**
   * The broker's {@code transaction.max.timeout.ms}: a transactional sink must not ask for more.
   */
  public Duration transactionMaxTimeout() {
    return settings.transactionMaxTimeout();
  }

  /** How long {@link #start()} took: formatting, startup and the first answered request. */
  public Duration startTime() {
    return startTime;
  }

  /**
   * Creates the topics (existing ones are left alone) and waits until every partition has a leader.
   */
  public void createTopics(Collection<NewTopic> topics) {
    KafkaTopics.createAndAwaitLeaders(
        bootstrapServers(), adminConfig(), topics, Duration.ofSeconds(60));
  }

  /** The secured listener's users, TLS files and client settings; empty for a PLAINTEXT broker. */
  public Optional<SaslSslListener> secured() {
    return settings.secured();
  }

  /**
   * What a client needs beyond {@code bootstrap.servers}: nothing for a PLAINTEXT broker, the super
   * user's SASL_SSL settings for a secured one (creating topics and ACLs).
   */
  public KafkaClientConfig adminConfig() {
    return settings.secured().map(SaslSslListener::adminConfig).orElse(KafkaClientConfig.none());
  }

  /**
   * Stops the broker and waits for it; deletes the data directory if it was temporary. Idempotent.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    long begin = System.nanoTime();
    if (server != null) {
      try {
        server.shutdown();
        server.awaitShutdown();
      } catch (RuntimeException e) {
        LOG.warn(
            "Kafka broker at {} did not shut down cleanly: {}", bootstrapServers(), e.toString());
      }
    }
    if (settings.deleteDataDir()) {
      KraftDataDir.deleteRecursively(settings.dataDir());
    }
    LOG.info(
        "Kafka broker at {} stopped in {} ms",
        bootstrapServers(),
        Duration.ofNanos(System.nanoTime() - begin).toMillis());
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(BrokerConfig.HOST))) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("no free port on " + BrokerConfig.HOST, e);
    }
  }

  /** Settings of a broker; {@code opt*} are all optional. */
  public static final class Builder {
    private int port;
    private Path dataDir;
    private Duration transactionMaxTimeout = DEFAULT_TRANSACTION_MAX_TIMEOUT;
    private final Map<String, String> overrides = new LinkedHashMap<>();
    private Map<String, String> saslUsers;

    private Builder() {}

    /** The client port; 0 (the default) picks a free one. */
    public Builder optPort(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535, got " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Keeps data in {@code dir} (created, formatted on first use, reused after); a temporary
     * directory otherwise.
     */
    public Builder optDataDir(Path dir) {
      this.dataDir = dir;
      return this;
    }

    public Builder optTransactionMaxTimeout(Duration timeout) {
      this.transactionMaxTimeout = timeout;
      return this;
    }

    /** Any broker setting, applied after ours. */
    public Builder optBrokerProperty(String key, String value) {
      overrides.put(key, value);
      return this;
    }

    /**
     * A SASL_SSL client listener instead of PLAINTEXT, with these users (name to password; a super
     * user {@value SaslSslListener#ADMIN} is added) and the standard authorizer: a user may do only
     * what ACLs allow. The TLS files are made in the data directory's {@code tls} folder.
     */
    public Builder optSaslSsl(Map<String, String> users) {
      this.saslUsers = SaslSslListener.withAdmin(users);
      return this;
    }

    public EmbeddedKafkaBroker build() {
      Path dir;
      boolean temporary = dataDir == null;
      try {
        dir =
            temporary
                ? Files.createTempDirectory("scene-labeler-kafka-")
                : dataDir.toAbsolutePath();
      } catch (IOException e) {
        throw new UncheckedIOException("could not create a temporary Kafka data directory", e);
      }
      int clientPort = port == 0 ? freePort() : port;
      int controllerPort = freePort();
      while (controllerPort == clientPort) {
        controllerPort = freePort();
      }
      return new EmbeddedKafkaBroker(
          new BrokerConfig(
              dir,
              temporary,
              clientPort,
              controllerPort,
              transactionMaxTimeout,
              Map.copyOf(overrides),
              Optional.ofNullable(saslUsers)
                  .map(
                      users ->
                          new SaslSslListener(
                              users,
                              SelfSignedTls.generate(
                                  dir.resolve("tls"), SaslSslListener.randomPassword())))));
    }
  }
}
