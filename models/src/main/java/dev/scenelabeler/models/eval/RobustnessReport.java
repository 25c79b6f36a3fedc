package dev.scenelabeler.models.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.models.ModelInfo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Clean and corrupted scores of one model on one split: mIoU over the named classes and pedestrian
 * IoU per condition, per family (mean over its conditions), the mean over the corruption families
 * (the benchmark's headline, as mCE-style summaries average families), and the camera changes
 * apart.
 */
public record RobustnessReport(
    ModelInfo model,
    String split,
    int frames,
    ConfusionMatrix clean,
    List<ConditionScore> conditions) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final String PEDESTRIAN = "pedestrian";

  /** One condition's confusion matrix. */
  public record ConditionScore(String family, String name, int severity, ConfusionMatrix matrix) {
    String label() {
      return severity > 0 ? name + "-" + severity : name;
    }
  }

  /** mIoU over the named classes and pedestrian IoU, both in [0, 1]. */
  public record Score(double meanIouNamed, double pedestrianIou) {}

  public Score cleanScore() {
    return score(clean);
  }

  /** The mean of each family's conditions, families in the benchmark's order. */
  public Map<String, Score> familyScores() {
    Map<String, Score> families = new LinkedHashMap<>();
    List<String> order = new ArrayList<>(Corruptions.CORRUPTION_FAMILIES);
    order.add(Corruptions.CAMERA);
    for (String family : order) {
      List<Score> scores =
          conditions.stream()
              .filter(c -> c.family().equals(family))
              .map(c -> score(c.matrix()))
              .toList();
      if (!scores.isEmpty()) {
        families.put(family, mean(scores));
      }
    }
    return families;
  }

  /** The mean over the corruption families (camera changes not included). */
  public Score corruptionMean() {
    return mean(
        familyScores().entrySet().stream()
            .filter(e -> Corruptions.CORRUPTION_FAMILIES.contains(e.getKey()))
            .map(Map.Entry::getValue)
            .toList());
  }

  private Score score(ConfusionMatrix matrix) {
    int pedestrian = model.classNames().indexOf(PEDESTRIAN);
    return new Score(matrix.meanIouNamed(), pedestrian < 0 ? Double.NaN : matrix.iou(pedestrian));
  }

  private static Score mean(List<Score> scores) {
    return new Score(
        scores.stream().mapToDouble(Score::meanIouNamed).average().orElse(Double.NaN),
        scores.stream().mapToDouble(Score::pedestrianIou).average().orElse(Double.NaN));
  }

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "Robustness of %s %s (%s) on %s, %d frames; mIoU(5) and pedestrian IoU in %%%n",
            model.modelId(), model.modelVersion(), model.network(), split, frames));
    sb.append(String.format("%-28s %8s %10s%n", "condition", "mIoU(5)", "pedestrian"));
    row(sb, "clean", cleanScore());
    for (ConditionScore c : conditions) {
      row(sb, "  " + c.family() + "/" + c.label(), score(c.matrix()));
    }
    sb.append("families (mean over their conditions):\n");
    familyScores().forEach((family, score) -> row(sb, "  " + family, score));
    row(sb, "corruption mean", corruptionMean());
    Score mean = corruptionMean();
    sb.append(
        String.format(
            "corruption mean minus clean: mIoU(5) %+.1f, pedestrian %+.1f points%n",
            100 * (mean.meanIouNamed() - cleanScore().meanIouNamed()),
            100 * (mean.pedestrianIou() - cleanScore().pedestrianIou())));
    return sb.toString();
  }

  private static void row(StringBuilder sb, String name, Score score) {
    sb.append(
        String.format(
            "%-28s %8.1f %10.1f%n", name, 100 * score.meanIouNamed(), 100 * score.pedestrianIou()));
  }

  public Map<String, Object> toJson() {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "model",
        Map.of("id", model.modelId(), "version", model.modelVersion(), "network", model.network()));
    json.put("split", split);
    json.put("frames", frames);
    json.put("clean", scoreJson(cleanScore()));
    List<Map<String, Object>> rows = new ArrayList<>();
    for (ConditionScore c : conditions) {
      Map<String, Object> row = new LinkedHashMap<>();
      row.put("family", c.family());
      row.put("name", c.name());
      row.put("severity", c.severity());
      row.putAll(scoreJson(score(c.matrix())));
      rows.add(row);
    }
    json.put("conditions", rows);
    Map<String, Object> families = new LinkedHashMap<>();
    familyScores().forEach((family, score) -> families.put(family, scoreJson(score)));
    json.put("families", families);
    json.put("corruptionMean", scoreJson(corruptionMean()));
    return json;
  }

  private static Map<String, Object> scoreJson(Score score) {
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("meanIouNamed", score.meanIouNamed());
    json.put("pedestrianIou", score.pedestrianIou());
    return json;
  }

  /** Writes robustness.json and robustness.txt into {@code dir}. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("robustness.json");
    Path text = dir.resolve("robustness.txt");
    JSON.writeValue(json.toFile(), toJson());
    Files.writeString(text, summary());
    return List.of(json, text);
  }
}
