package dev.scenelabeler.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The project's structure, checked over the main classes of every module (this module's test class
 * path holds them all): no package depends on itself through others, and dependencies point the way
 * the README's layout says. ArchUnit reads the compiled classes, so a cycle through a field type, a
 * method signature or a lambda counts as well as one through an import.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.scenelabeler");
  }

  @Test
  void shouldHaveNoPackageCycles() {
    slices().matching("dev.scenelabeler.(**)").should().beFreeOfCycles().check(classes);
  }

  @Test
  void shouldKeepTheLabelerFreeOfKafkaFlinkAndRecords() {
    noDependencies(
        new String[] {"dev.scenelabeler.models.."},
        "org.apache.kafka..",
        "org.apache.flink..",
        "dev.scenelabeler.connectors..",
        "dev.scenelabeler.jobs..",
        "dev.scenelabeler.dashboard..",
        "dev.scenelabeler.app..");
  }

  @Test
  void shouldKeepTheJobJarFreeOfTheLocalToolsBrokerPublisherAndDashboard() {
    noDependencies(
        new String[] {"dev.scenelabeler.jobs.."},
        "dev.scenelabeler.app..",
        "dev.scenelabeler.connectors.kafka..",
        "dev.scenelabeler.connectors.publish..",
        "dev.scenelabeler.dashboard..",
        "kafka.server..",
        "org.apache.kafka.server..");
  }

  @Test
  void shouldKeepRecordFormatsFreeOfTheNetworkVideoAndFlink() {
    noDependencies(
        new String[] {"dev.scenelabeler.connectors.records.."},
        "dev.scenelabeler.models..",
        "org.opencv..",
        "org.bytedeco..",
        "org.apache.flink..",
        "ai.djl..");
  }

  @Test
  void shouldLetOnlyTheJobsWireLabelerAndConnectors() {
    noDependencies(
        new String[] {"dev.scenelabeler.connectors..", "dev.scenelabeler.dashboard.."},
        "dev.scenelabeler.models..",
        "dev.scenelabeler.jobs..",
        "dev.scenelabeler.app..");
  }

  @Test
  void shouldHaveImportedEveryModule() {
    Assertions.assertThat(classes.stream().map(c -> c.getPackageName().split("\\.")[2]).distinct())
        .contains("models", "connectors", "jobs", "app", "dashboard", "testdata", "cluster");
  }

  private static void noDependencies(String[] from, String... to) {
    noClasses()
        .that()
        .resideInAnyPackage(from)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(to)
        .check(classes);
  }
}
