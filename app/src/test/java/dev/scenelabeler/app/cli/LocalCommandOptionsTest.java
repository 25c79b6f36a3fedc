package dev.scenelabeler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.bench.BenchPipelineCommand;
import dev.scenelabeler.app.demo.DemoCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The local commands offer the job options that make sense for them, with their own defaults. */
class LocalCommandOptionsTest {

  @Test
  void shouldOfferDemoAndBenchOnlyTheirFlagsWithTheirOwnDefaults() {
    String demo = usage(new CommandLine(new DemoCommand()));
    assertThat(demo)
        .contains(
            "--model",
            "--working-size",
            "--device",
            "--parallelism",
            "--batch",
            "--delivery",
            "--checkpoint-ms",
            "--mode",
            "--max-frame-age")
        .doesNotContain("--bootstrap", "--config", "--group");
    String bench = usage(new CommandLine(new BenchPipelineCommand()));
    assertThat(bench)
        .contains("--model", "--working-size", "--max-frame-age")
        .doesNotContain("--mode=", "--bootstrap")
        .containsPattern("Labeling subtasks\\s+\\(default 1\\)");
  }

  @Test
  void shouldGatherEveryCommandUnderTheLauncher() {
    assertThat(SceneLabelerCli.newCommandLine().getSubcommands())
        .containsKeys(
            "train",
            "evaluate",
            "bench",
            "kafka",
            "publish",
            "dashboard",
            "stream",
            "label-video",
            "demo",
            "bench-pipeline");
  }

  private static String usage(CommandLine command) {
    StringWriter out = new StringWriter();
    command.usage(new PrintWriter(out));
    return out.toString();
  }
}
