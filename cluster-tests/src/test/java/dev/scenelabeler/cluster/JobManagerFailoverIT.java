package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.Topics;
import dev.scenelabeler.jobs.cli.StreamingJobMain;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.junit.jupiter.api.Test;

/**
 * What docker/docker-compose.yml relies on, on this machine: the JobManager killed with kill -9
 * mid-stream and started again (as Docker's restart policy does) with Flink's standalone ZooKeeper
 * high availability, the keys compose sets. The new JobManager must recover the same job from
 * ZooKeeper and its latest checkpoint, and every frame must get exactly one committed mask.
 * ZooKeeper runs as its own JVM from the ZooKeeper server in Flink's lib/
 * (flink-shaded-zookeeper-3), the way Flink's start-zookeeper-quorum.sh runs it.
 */
class JobManagerFailoverIT {

  private static final String ZOOKEEPER_MAIN =
      "org.apache.flink.shaded.zookeeper3.org.apache.zookeeper.server.ZooKeeperServerMain";
  private static final int FRAMES_PER_CAMERA = 40;

  @Test
  void shouldRecoverTheJobFromItsLatestCheckpointWithOneMaskPerFrameAfterTheJobManagerIsKilled()
      throws Exception {
    Path workDir = DrillSetup.newWorkDir("jm-failover-it");
    FailoverDrill.Settings settings = DrillSetup.streetClip(workDir, FRAMES_PER_CAMERA, 0);
    FlinkHome home = settings.flinkHome().validate();
    int zooKeeperPort = LocalFlinkCluster.freePort();
    FlinkProcess zooKeeper =
        FlinkProcess.start(
            "zookeeper",
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-Dzookeeper.admin.enableServer=false",
                "-cp",
                home.classPath(),
                ZOOKEEPER_MAIN,
                Integer.toString(zooKeeperPort),
                Files.createDirectories(workDir.resolve("zookeeper")).toString()),
            workDir.resolve("log"),
            Map.of());
    try {
      awaitPort(zooKeeperPort, zooKeeper);
      Topics topics = Topics.DEFAULTS;
      try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.startDefault();
          LocalFlinkCluster cluster =
              LocalFlinkCluster.builder()
                  .setFlinkHome(home)
                  .setWorkDir(workDir)
                  .optGpuIndicesPerTaskManager(List.of("0", "1"))
                  .optSlotsPerTaskManager(FailoverDrill.PARALLELISM)
                  // As in docker/docker-compose.yml, with this machine's quorum and storage.
                  .optConfig("high-availability.type", "zookeeper")
                  .optConfig("high-availability.zookeeper.quorum", "127.0.0.1:" + zooKeeperPort)
                  .optConfig("high-availability.zookeeper.path.root", "/flink")
                  .optConfig("high-availability.cluster-id", "/scene-labeler")
                  .optConfig(
                      "high-availability.storageDir", workDir.resolve("ha").toUri().toString())
                  // The killed JobManager's ZooKeeper session (and its leadership) ends after this,
                  // not the default 60 s.
                  .optConfig("high-availability.zookeeper.client.session-timeout", "10 s")
                  .build()
                  .start()) {
        kafka.createTopics(KafkaTopics.defaults(topics, FailoverDrill.PARALLELISM));
        Path jar =
            JobJar.snapshot(
                settings.jobJar(), workDir.resolve("usrlib"), StreamingJobMain.class.getName());
        JobID id =
            cluster.submit(
                jar,
                FailoverDrill.jobArguments(kafka.bootstrapServers()),
                FailoverDrill.PARALLELISM,
                Optional.empty());
        RunningJob job = new RunningJob(cluster.client(), id);
        FailoverDrill.awaitAllRunning(job, Duration.ofMinutes(3));

        Set<String> published = ConcurrentHashMap.newKeySet();
        List<String> cameras = FailoverDrill.camerasSpreadOverSubtasks(0);
        try (MaskWatcher masks = new MaskWatcher(kafka.bootstrapServers(), topics.masks())) {
          CompletableFuture<Void> publishing =
              new FailoverDrill(settings)
                  .publishAsync(kafka.bootstrapServers(), cameras, FRAMES_PER_CAMERA, published);
          int frames = cameras.size() * FRAMES_PER_CAMERA;
          assertThat(masks.awaitDistinct(frames / 4, Duration.ofMinutes(3)))
              .as("masks before the kill")
              .isTrue();
          int masksBeforeKill = masks.distinct();

          long killedAt = System.nanoTime();
          FlinkProcess killed = cluster.killJobManager();
          FlinkProcess restarted = cluster.restartJobManager();
          awaitRunningAgain(job, Duration.ofMinutes(4));
          double runningAgainAfter = (System.nanoTime() - killedAt) / 1e9;
          publishing.get();
          FailoverDrill.awaitOrFail(masks, published.size(), "all frames", cluster);
          LocalFlinkCluster.sleep(
              Duration.ofSeconds(3)); // two more checkpoints: a late duplicate would show now

          Map<String, Integer> counts = masks.counts();
          int duplicates = counts.values().stream().mapToInt(c -> c - 1).sum();
          long missing = published.stream().filter(f -> !counts.containsKey(f)).count();
          List<String> restored =
              restarted.log().lines().filter(l -> l.contains("Restoring job " + id)).toList();
          System.out.printf(
              "frames in: %d, masks out (read_committed): %d, distinct: %d, duplicates: %d,"
                  + " missing: %d%nkilled %s (kill -9) after %d masks; %s ran job %s again after"
                  + " %.1f s%n%s%n",
              published.size(),
              masks.total(),
              counts.size(),
              duplicates,
              missing,
              killed,
              masksBeforeKill,
              restarted.name(),
              id,
              runningAgainAfter,
              String.join("\n", restored));

          assertThat(published).hasSize(frames);
          assertThat(masksBeforeKill).as("masks committed before the kill").isLessThan(frames);
          assertThat(restored)
              .as(
                  "the new JobManager restored job %s from a checkpoint (%s)",
                  id, restarted.logFile())
              .anyMatch(l -> l.contains("Checkpoint"));
          assertThat(duplicates).as("duplicate masks").isZero();
          assertThat(missing).as("frames without a mask").isZero();
          job.cancel();
        }
      }
    } finally {
      zooKeeper.stop(Duration.ofSeconds(10));
    }
    DrillSetup.deleteCopiesOfTheJobJar(workDir);
  }

  /**
   * The same job id RUNNING with every task running, on the new JobManager; REST errors while it
   * starts are retried.
   */
  private static void awaitRunningAgain(RunningJob job, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      try {
        if (job.status() == JobStatus.RUNNING && job.allTasksRunning()) {
          return;
        }
        last = job.status().toString();
      } catch (RuntimeException e) {
        last = e.getMessage();
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(500));
    }
    throw new IllegalStateException(
        "job " + job.id() + " not running again within " + timeout.toSeconds() + " s: " + last);
  }

  private static void awaitPort(int port, FlinkProcess process) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Socket socket = new Socket()) {
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return;
      } catch (IOException e) {
        if (!process.isAlive()) {
          throw new IllegalStateException(
              process + " exited; see " + process.logFile().resolveSibling("zookeeper.out"));
        }
        Thread.sleep(200);
      }
    }
    throw new IllegalStateException("ZooKeeper not listening on " + port + " within 60 s");
  }
}
