package dev.scenelabeler.app.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.jobs.cli.LabelVideoCommand;
import dev.scenelabeler.jobs.options.JobOption;
import dev.scenelabeler.jobs.options.JobOptionDeclarations;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code --help} of the job commands says, checked against what the commands use. */
class CommandHelpTest {

  @Test
  void shouldOfferLabelVideoOnlyTheOptionsTheBatchJobUses() {
    String help = usage("label-video");

    assertThat(help)
        .contains(
            "--model",
            "--engine",
            "--working-size",
            "--device",
            "--batch",
            "--parallelism",
            "--config",
            "--bootstrap",
            "--masks-topic",
            "--delivery",
            "--tx-timeout-ms",
            "--transactional-id-prefix");
    assertThat(help)
        .doesNotContain(
            "--checkpoint-dir",
            "--mode=",
            "--max-frame-age",
            "--group",
            "--frames-topic",
            "--dlq-topic",
            "--stats-topic",
            "--max-wait-ms",
            "--max-queued-frames",
            "--checkpoint-ms",
            "--max-frame-bytes",
            "(default live)");
  }

  @Test
  void shouldRefuseAFlagLabelVideoDoesNotUseInsteadOfIgnoringIt() {
    for (String[] args :
        new String[][] {
          {"--mode", "live"}, {"--max-frame-age", "500"}, {"--checkpoint-dir", "/tmp/ckpts"}
        }) {
      CommandLine line = new CommandLine(new LabelVideoCommand());
      assertThatThrownBy(() -> line.parseArgs(concat(args, "clip.mp4")))
          .as(args[0])
          .isInstanceOf(CommandLine.UnmatchedArgumentException.class)
          .hasMessageContaining(args[0]);
    }
  }

  @Test
  void shouldShowEachOptionsPropertiesKeyInTheHelpOfStream() {
    CommandLine stream = command("stream");

    for (JobOption<?> option : JobOptionDeclarations.ALL) {
      String help =
          String.join(" ", stream.getCommandSpec().findOption(option.flags().get(0)).description());
      assertThat(help).as(option.key()).endsWith("; key " + option.key() + ").");
    }
    assertThat(usage("stream").replaceAll("\\s+", " "))
        .contains("Frames per forward pass (default 1 on CPU, 8 on GPU; key batch.size)");
  }

  @Test
  void shouldNameTheFlagAndTheKeyOfAValueOutOfRangeGivenOnTheCommandLine() {
    assertThat(errorOf("stream", "--skip-preflight", "--max-frame-bytes", "0"))
        .contains("--max-frame-bytes (max.frame.bytes) must be 1..")
        .doesNotContain("maxImageBytes");
    assertThat(errorOf("label-video", "clip.mp4", "--batch", "0"))
        .contains("--batch (batch.size) must be 1..");
  }

  private static String errorOf(String... args) {
    StringWriter err = new StringWriter();
    CommandLine line = SceneLabelerCli.newCommandLine();
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    assertThat(line.execute(args)).as(String.join(" ", args)).isNotZero();
    return err.toString();
  }

  private static CommandLine command(String name) {
    return SceneLabelerCli.newCommandLine().getSubcommands().get(name);
  }

  private static String usage(String name) {
    StringWriter out = new StringWriter();
    command(name).usage(new PrintWriter(out));
    return out.toString();
  }

  private static String[] concat(String[] args, String last) {
    String[] all = Arrays.copyOf(args, args.length + 1);
    all[args.length] = last;
    return all;
  }
}
