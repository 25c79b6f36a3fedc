package dev.scenelabeler.models.eval;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.CamVid;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.Corruptions.Condition;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The robustness benchmark on a few val frames with the committed model (CamVid needed). */
class RobustnessBenchmarkIT {

  private static final PrintStream QUIET = new PrintStream(PrintStream.nullOutputStream());

  @Test
  void shouldScoreCleanAsEvaluateDoesAndLoseAccuracyUnderStrongCorruption(@TempDir Path out)
      throws Exception {
    CamVidSplit frames = CamVidSplit.read(CamVid.dirOrSkip(), "val", 25);
    List<Condition> some =
        Corruptions.all().stream()
            .filter(c -> List.of("gaussian-noise-3", "jpeg-1", "crop-3:1").contains(c.label()))
            .toList();
    try (SceneModel model = SceneModel.loadDefault(DeviceSpec.cpu());
        SceneLabeler labeler = model.newLabeler()) {
      RobustnessReport report = RobustnessBenchmark.run(labeler, frames, some, 2, QUIET);
      EvaluationReport evaluated = Evaluation.run(labeler, frames, "camvid", 2, QUIET);

      assertThat(report.cleanScore().meanIouNamed()).isEqualTo(evaluated.matrix().meanIouNamed());
      Map<String, RobustnessReport.Score> families = report.familyScores();
      assertThat(families).containsOnlyKeys("noise", "digital", "camera");
      assertThat(families.get("noise").meanIouNamed())
          .as("strong noise costs accuracy")
          .isLessThan(report.cleanScore().meanIouNamed() - 0.02);
      assertThat(report.corruptionMean().meanIouNamed())
          .isEqualTo(
              (families.get("noise").meanIouNamed() + families.get("digital").meanIouNamed()) / 2);
      assertThat(report.write(out)).allSatisfy(p -> assertThat(Files.size(p)).isPositive());
      assertThat(Files.readString(out.resolve("robustness.json")))
          .contains("\"corruptionMean\"", "\"crop-3:1\"");
    }
  }
}
