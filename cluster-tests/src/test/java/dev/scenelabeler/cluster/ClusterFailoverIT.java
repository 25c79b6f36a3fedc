package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shaded job jar on a real Flink session cluster of three JVMs (one JobManager, two
 * TaskManagers with GPU external resources), against the embedded Kafka broker: a TaskManager
 * killed with kill -9 mid-stream, then the job stopped with a savepoint and resubmitted on the
 * surviving TaskManager. Exactly one committed mask per frame throughout.
 */
class ClusterFailoverIT {

  @Test
  void shouldWriteExactlyOneMaskPerFrameAcrossATaskManagerKillAndAJobRestart() throws Exception {
    Path workDir = DrillSetup.newWorkDir("cluster-it");
    FailoverDrill.Settings settings = DrillSetup.streetClip(workDir, 40, 20);

    FailoverDrill.Report report = new FailoverDrill(settings).run();
    System.out.print(report.summary());

    assertThat(report.framesIn()).isEqualTo(2 * 40 + 2 * 20);
    assertThat(report.duplicates()).as("duplicate masks").isZero();
    assertThat(report.missing()).as("frames without a mask").isZero();
    assertThat(report.unexpected()).as("masks of frames never published").isZero();
    assertThat(report.masksOut()).isEqualTo(report.framesIn());
    assertThat(report.masksBeforeKill()).as("masks committed before the kill").isLessThan(80);
    assertThat(report.failures()).as("the kill failed the job at least once").isNotEmpty();

    // The resubmitted job ran entirely on the survivor, in a JVM whose natives were loaded by the
    // first job.
    assertThat(report.secondJobTaskManagers()).containsExactly(report.survivor());
    assertThat(report.nativeLinkErrors()).as("UnsatisfiedLinkError in any Flink log").isZero();
    assertThat(report.labelersOpenedOnSurvivor())
        .as("labelers opened on the survivor across 3 job attempts")
        .isGreaterThanOrEqualTo(1 + 2 + 2);

    // Each TaskManager's discovery script reported one GPU; each subtask took it and fell back to
    // CPU.
    assertThat(report.gpuLogLines())
        .anyMatch(l -> l.startsWith("taskmanager-1") && l.contains("Discover GPU resources"))
        .anyMatch(l -> l.startsWith("taskmanager-2") && l.contains("Discover GPU resources"))
        .anyMatch(l -> l.contains("Flink assigned GPUs [0]") && l.contains("on CPU"))
        .anyMatch(l -> l.contains("Flink assigned GPUs [1]") && l.contains("on CPU"));
    // Metrics: subtasks on different TaskManagers were offered GPU 0 and GPU 1, and both use none
    // (CPU).
    assertThat(report.gpuMetrics()).hasSize(6);
    assertThat(report.gpuMetrics().entrySet())
        .filteredOn(e -> e.getKey().endsWith(".flinkGpuIndex"))
        .extracting(Map.Entry::getValue)
        .containsExactlyInAnyOrder("0", "1");
    assertThat(report.gpuMetrics().entrySet())
        .filteredOn(e -> e.getKey().endsWith(".gpuIndex"))
        .extracting(Map.Entry::getValue)
        .containsOnly("-1");
    assertThat(report.gpuMetrics().entrySet())
        .filteredOn(e -> e.getKey().endsWith(".device"))
        .extracting(Map.Entry::getValue)
        .containsOnly("cpu");
    assertThat(Files.exists(workDir.resolve("log/jobmanager.log"))).isTrue();
    DrillSetup.deleteCopiesOfTheJobJar(workDir);
  }
}
