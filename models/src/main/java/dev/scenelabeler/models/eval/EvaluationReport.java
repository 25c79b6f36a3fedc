package dev.scenelabeler.models.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.report.Charts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The scores of a model on one split, derived from its confusion matrix, and their files. */
public record EvaluationReport(
    ModelInfo model,
    String data,
    String split,
    int frames,
    int width,
    int height,
    ConfusionMatrix matrix,
    double secondsPerFrame) {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public String summary() {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "Model %s %s (%s) on %s/%s: %d frames at %dx%d, %.3f s/frame%n",
            model.modelId(),
            model.modelVersion(),
            model.network(),
            data,
            split,
            frames,
            width,
            height,
            secondsPerFrame));
    sb.append(matrix.toTable(model.classNames()));
    sb.append(String.format("pixel accuracy %.1f%%%n", 100 * matrix.pixelAccuracy()));
    sb.append(
        String.format(
            "mean IoU, 5 named classes (sky tree road building pedestrian): %.1f%%%n",
            100 * matrix.meanIouNamed()));
    sb.append(String.format("mean IoU, all 6 classes: %.1f%%%n", 100 * matrix.meanIouAll()));
    return sb.toString();
  }

  public Map<String, Object> toJson() {
    Map<String, Object> perClass = new LinkedHashMap<>();
    for (int c = 0; c < model.labelSet().size(); c++) {
      perClass.put(
          model.labelSet().name(c),
          Map.of("accuracy", matrix.classAccuracy(c), "iou", matrix.iou(c)));
    }
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(
        "model",
        Map.of("id", model.modelId(), "version", model.modelVersion(), "network", model.network()));
    json.put("data", data);
    json.put("split", split);
    json.put("frames", frames);
    json.put("resolution", width + "x" + height);
    json.put("pixelAccuracy", matrix.pixelAccuracy());
    json.put("meanIouNamed", matrix.meanIouNamed());
    json.put("meanIouAll", matrix.meanIouAll());
    json.put("perClass", perClass);
    json.put("classes", model.classNames());
    json.put("confusion", matrix.counts());
    json.put("secondsPerFrame", secondsPerFrame);
    return json;
  }

  /** Writes report.json, confusion.txt and confusion.png into {@code dir}. */
  public List<Path> write(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path json = dir.resolve("report.json");
    Path text = dir.resolve("confusion.txt");
    Path png = dir.resolve("confusion.png");
    JSON.writeValue(json.toFile(), toJson());
    Files.writeString(text, summary());
    Charts.writeConfusionMatrix(
        png,
        "Confusion on " + split + " (" + model.modelId() + ")",
        model.classNames(),
        matrix.counts());
    return List.of(json, text, png);
  }
}
