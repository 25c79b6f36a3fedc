package dev.scenelabeler.models.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.WorkingSize;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ModelOptionsTest {

  @Test
  void shouldGiveEveryModelsCommandTheWorkingSizeDefaultingToTheTrainedScale() {
    for (Callable<Integer> command :
        new Callable[] {new LabelCommand(), new EvaluateCommand(), new BenchCommand()}) {
      CommandLine line = new CommandLine(command);
      assertThat(line.getCommandSpec().findOption("--working-size"))
          .as(command.getClass().getSimpleName())
          .isNotNull();
    }
    BenchCommand bench = new BenchCommand();
    new CommandLine(bench).parseArgs();
    assertThat(bench.model.workingSize()).isEqualTo(WorkingSize.trained());
    new CommandLine(bench).parseArgs("--working-size", "model-input");
    assertThat(bench.model.workingSize()).isEqualTo(WorkingSize.modelInput());
  }

  @Test
  void shouldRefuseABadWorkingSizeNamingTheValue() {
    for (String bad : new String[] {"0", "-8", "7688", "100", "wide"}) {
      assertThatThrownBy(() -> new CommandLine(new BenchCommand()).parseArgs("--working-size", bad))
          .as(bad)
          .isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining("--working-size")
          .hasMessageContaining(bad);
    }
  }

  @Test
  void shouldReadTheModelSpecInEveryModelsCommandThatTakesOne() {
    for (Callable<Integer> command :
        new Callable[] {
          new LabelCommand(),
          new EvaluateCommand(),
          new BenchCommand(),
          new ExportOnnxCommand(),
          new CalibrateCommand()
        }) {
      CommandLine line = new CommandLine(command);
      assertThat(line.getCommandSpec().findOption("--model").type())
          .as(command.getClass().getSimpleName())
          .isEqualTo(ModelSource.class);
    }
    BenchCommand bench = new BenchCommand();
    new CommandLine(bench).parseArgs();
    assertThat(bench.model.model()).isEqualTo(ModelSource.defaultModel());
    new CommandLine(bench).parseArgs("--model", "untrained:farabet2013:5");
    assertThat(bench.model.model()).isEqualTo(ModelSource.untrained("farabet2013", 5));
  }

  @Test
  void shouldRefuseABadModelSpecNamingTheFlagAndTheValue() {
    for (String bad : new String[] {"untrained:farabet2013:x", "no/such/dir"}) {
      assertThatThrownBy(() -> new CommandLine(new LabelCommand()).parseArgs("--model", bad))
          .as(bad)
          .isInstanceOf(CommandLine.ParameterException.class)
          .hasMessageContaining("--model")
          .hasMessageContaining(bad);
    }
  }
}
