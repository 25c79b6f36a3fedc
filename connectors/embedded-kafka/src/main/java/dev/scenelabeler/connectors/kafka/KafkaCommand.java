package dev.scenelabeler.connectors.kafka;

import dev.scenelabeler.connectors.records.Topics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./scene-labeler kafka}: a local single-node broker with the system's topics, until Ctrl-C.
 */
@Command(
    name = "kafka",
    mixinStandardHelpOptions = true,
    description = {
      "Runs a local single-node Kafka broker on 127.0.0.1 until Ctrl-C.",
      "KRaft, in this process. Creates the topics frames, masks, mask-stats and",
      "frames-dlq, and prints the bootstrap address and the start time."
    })
public final class KafkaCommand implements Callable<Integer> {

  @Option(
      names = "--port",
      defaultValue = "9092",
      paramLabel = "PORT",
      description = "Client port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
  int port;

  @Option(
      names = "--data-dir",
      paramLabel = "DIR",
      description =
          "Keep the broker's data here and reuse it next time (default: a temporary directory,"
              + " deleted on exit).")
  Path dataDir;

  @Option(
      names = "--partitions",
      defaultValue = "4",
      paramLabel = "N",
      description =
          "Partitions per topic; bounds the job's source parallelism (default: ${DEFAULT-VALUE}).")
  int partitions;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  private final CountDownLatch stopped = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    if (partitions < 1) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--partitions must be at least 1, got " + partitions);
    }
    if (port != 0 && !portIsFree(port)) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "port "
              + port
              + " on 127.0.0.1 is in use (another broker?); choose another with --port, or 0 for"
              + " any free port");
    }
    EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().optPort(port);
    if (dataDir != null) {
      builder.optDataDir(dataDir);
    }
    EmbeddedKafkaBroker broker = builder.build().start();
    Thread hook = new Thread(() -> stop(broker), "kafka-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    boolean interrupted = false;
    try {
      broker.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, partitions));
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "Kafka broker ready at %s (started in %d ms; data in %s)%n",
          broker.bootstrapServers(), broker.startTime().toMillis(), broker.dataDir());
      out.printf(
          "topics: %s, %s, %s, %s (%d partitions each); transaction.max.timeout.ms=%d%n",
          Topics.FRAMES,
          Topics.MASKS,
          Topics.MASK_STATS,
          Topics.FRAMES_DLQ,
          partitions,
          broker.transactionMaxTimeout().toMillis());
      out.println("Press Ctrl-C to stop.");
      out.flush();
      stopped.await();
    } catch (InterruptedException e) {
      // Stopped by the caller (tests run the command in a thread). The flag is restored only
      // after the broker has stopped: a set flag would cut its controlled shutdown short.
      interrupted = true;
    } finally {
      stop(broker);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException alreadyShuttingDown) {
        // The hook is running: Ctrl-C.
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    return 0;
  }

  private void stop(EmbeddedKafkaBroker broker) {
    broker.close();
    stopped.countDown();
  }

  private static boolean portIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
