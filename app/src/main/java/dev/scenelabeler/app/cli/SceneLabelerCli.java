package dev.scenelabeler.app.cli;

import dev.scenelabeler.app.bench.BenchPipelineCommand;
import dev.scenelabeler.app.demo.DemoCommand;
import dev.scenelabeler.connectors.kafka.KafkaCommand;
import dev.scenelabeler.connectors.publish.PublishCommand;
import dev.scenelabeler.dashboard.DashboardCommand;
import dev.scenelabeler.jobs.cli.LabelVideoCommand;
import dev.scenelabeler.jobs.cli.StreamCommand;
import dev.scenelabeler.models.cli.BenchCommand;
import dev.scenelabeler.models.cli.CalibrateCommand;
import dev.scenelabeler.models.cli.EvaluateCommand;
import dev.scenelabeler.models.cli.ExportOnnxCommand;
import dev.scenelabeler.models.cli.ImportWeightsCommand;
import dev.scenelabeler.models.cli.LabelCommand;
import dev.scenelabeler.models.cli.QuantizeCommand;
import dev.scenelabeler.models.cli.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./scene-labeler} command line. Each subcommand lives next to the code it drives
 * (models, connectors, dashboard, jobs); this class only gathers them.
 */
@Command(
    name = "scene-labeler",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Labels every pixel of first-person urban video as sky, tree, road, building, pedestrian or"
            + " other.",
    subcommands = {
      CommandLine.HelpCommand.class,
      TrainCommand.class,
      ImportWeightsCommand.class,
      ExportOnnxCommand.class,
      QuantizeCommand.class,
      CalibrateCommand.class,
      EvaluateCommand.class,
      LabelCommand.class,
      FlickerCommand.class,
      BenchCommand.class,
      DashboardCommand.class,
      KafkaCommand.class,
      PublishCommand.class,
      StreamCommand.class,
      LabelVideoCommand.class,
      DemoCommand.class,
      BenchPipelineCommand.class,
    })
public final class SceneLabelerCli implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(newCommandLine().execute(args));
  }

  /** The configured command line; tests call it to run subcommands in-process. */
  public static CommandLine newCommandLine() {
    CommandLine cli = new CommandLine(new SceneLabelerCli());
    cli.setExecutionExceptionHandler(new ClearErrorHandler());
    return cli;
  }
}
