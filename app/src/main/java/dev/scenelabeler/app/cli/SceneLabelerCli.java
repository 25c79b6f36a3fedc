package dev.scenelabeler.app.cli;

import dev.scenelabeler.jobs.cli.LabelVideoCommand;
import dev.scenelabeler.jobs.cli.StreamCommand;

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
    description = "Labels every pixel of first-person urban video as sky, tree, road, building, pedestrian or other.",
    subcommands = {
        CommandLine.HelpCommand.class,
        dev.scenelabeler.models.cli.TrainCommand.class,
        dev.scenelabeler.models.cli.ImportWeightsCommand.class,
        dev.scenelabeler.models.cli.ExportOnnxCommand.class,
        dev.scenelabeler.models.cli.CalibrateCommand.class,
        dev.scenelabeler.models.cli.EvaluateCommand.class,
        dev.scenelabeler.models.cli.LabelCommand.class,
        dev.scenelabeler.models.cli.BenchCommand.class,
        dev.scenelabeler.dashboard.DashboardCommand.class,
        dev.scenelabeler.connectors.kafka.KafkaCommand.class,
        dev.scenelabeler.connectors.publish.PublishCommand.class,
        StreamCommand.class,
        LabelVideoCommand.class,
        dev.scenelabeler.app.demo.DemoCommand.class,
        dev.scenelabeler.app.bench.BenchPipelineCommand.class,
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
