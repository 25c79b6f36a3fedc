package dev.scenelabeler.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.Topics;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class DashboardCommandTest {

  private final StringWriter err = new StringWriter();

  private DashboardOptions parse(String... args) {
    DashboardCommand command = new DashboardCommand();
    new CommandLine(command).parseArgs(args);
    return command.options();
  }

  private int run(String... args) {
    CommandLine cli = new CommandLine(new DashboardCommand());
    cli.setErr(new PrintWriter(err));
    cli.setOut(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void shouldDefaultToLoopbackTheDefaultTopicsAndAGroupOfItsOwn() {
    DashboardOptions options = parse();
    assertThat(options.host()).isEqualTo("127.0.0.1");
    assertThat(options.port()).isEqualTo(8080);
    assertThat(options.topics()).isEqualTo(Topics.DEFAULTS);
    assertThat(options.consumerGroup()).startsWith("scene-labeler-dashboard-");
    assertThat(parse().consumerGroup()).isNotEqualTo(options.consumerGroup());
  }

  @Test
  void shouldRenameTopicsByRole() {
    DashboardOptions options =
        parse(
            "--bootstrap",
            "k1:9092",
            "--port",
            "0",
            "--group",
            "wall",
            "--topics",
            "masks=m2,frames=f2",
            "--topics",
            "dead-letters=d2",
            "--stale-after",
            "9");
    assertThat(options.topics()).isEqualTo(new Topics("f2", "m2", Topics.MASK_STATS, "d2"));
    assertThat(options.bootstrapServers()).isEqualTo("k1:9092");
    assertThat(options.consumerGroup()).isEqualTo("wall");
    assertThat(options.staleAfter()).isEqualTo(Duration.ofSeconds(9));
  }

  @Test
  void shouldRejectAnUnknownTopicRoleNamingTheKnownOnes() {
    int exit = run("--topics", "mask=m2");
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString())
        .contains("unknown role 'mask'", "frames, masks, mask-stats, dead-letters");
  }

  @Test
  void shouldRejectABadPort() {
    assertThat(run("--port", "70000")).isEqualTo(2);
    assertThat(err.toString()).contains("--port must be 0..65535, got 70000");
  }

  @Test
  void shouldPrintHelp() {
    CommandLine cli = new CommandLine(new DashboardCommand());
    StringWriter out = new StringWriter();
    cli.setOut(new PrintWriter(out));
    assertThat(cli.execute("--help")).isZero();
    assertThat(out.toString()).contains("--bootstrap", "--topics", "--host", "--port");
  }
}
