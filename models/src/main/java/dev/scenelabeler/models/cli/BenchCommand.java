package dev.scenelabeler.models.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.OpenCv;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.bench.Benchmark;
import dev.scenelabeler.models.quant.Precision;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Measures labeling speed: frames/s (median after warm-up), GMAC per frame, achieved GMAC/s,"
          + " and the machine's peak (a 2048^3 matrix product through libtorch), for each size and"
          + " batch; then the first-generation baseline (multiscale-bn on PyTorch) in the same run,"
          + " and the ratio of the labelers.",
      "--compare runs each engine setting (threads, OpenMP wait policy) in its own JVM, side by"
          + " side, and prints ratios to the default, so a noisy machine affects every column"
          + " alike.",
      "Example: ./scene-labeler bench --compare"
    })
public final class BenchCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Option(
      names = "--network",
      description =
          "benchmark an untrained network of this configuration instead of a "
              + "model (same cost per frame)")
  String network;

  @Option(
      names = "--sizes",
      split = ",",
      defaultValue = "480x360",
      description = "WxH list of the bare network's input")
  List<String> sizes;

  @Option(
      names = "--labeler-sizes",
      split = ",",
      defaultValue = "480x360,1280x720,1920x1080",
      description =
          "WxH list of frame sizes for the full labeler, each run at its working size; the first is"
              + " the reference of the printed ratios; the sizes take turns, frame by frame"
              + " (default: ${DEFAULT-VALUE})")
  List<String> labelerSizes;

  @Option(
      names = "--baseline",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description =
          "also measure the first-generation model (default: ${DEFAULT-VALUE}; --no-baseline to"
              + " skip)")
  boolean baseline;

  @Option(names = "--batches", split = ",", defaultValue = "1,4", description = "batch sizes")
  List<Integer> batches;

  @Option(names = "--warmup", defaultValue = "3")
  int warmup;

  @Option(names = "--runs", defaultValue = "10")
  int runs;

  @Option(
      names = "--threads",
      description = "intra-op threads of the engine (default: the engine's choice)")
  Integer threads;

  @Option(names = "--interop-threads", description = "inter-op threads of the engine")
  Integer interopThreads;

  @Option(
      names = "--compare",
      description = "run the engine-setting variants side by side in child JVMs")
  boolean compare;

  @Option(
      names = "--json",
      hidden = true,
      description = "print results as one JSON line (used by --compare)")
  boolean json;

  @Mixin ModelOptions model;

  /**
   * The fp32 and int8 labeler side by side, when the model has an int8 graph that passes its
   * self-check here; otherwise one line saying why there is no int8 row.
   */
  private List<Benchmark.Result> comparePrecisions(Benchmark bench, SceneModel loaded, double peak)
      throws Exception {
    List<int[]> sizes = labelerSizes.stream().map(BenchCommand::parseSize).toList();
    SceneModel int8;
    try {
      int8 =
          model
              .model()
              .open(DeviceSpec.parse(model.device()), InferenceEngine.ONNX_RUNTIME, Precision.INT8);
    } catch (UncheckedIOException e) {
      if (!json) {
        System.out.println("No int8 row: " + e.getMessage());
      }
      return List.of();
    }
    List<Benchmark.Result> rows;
    try (int8) {
      SceneModel fp32 =
          loaded.precision() == Precision.FP32
              ? loaded
              : model.model().open(DeviceSpec.parse(model.device()), InferenceEngine.ONNX_RUNTIME);
      try {
        rows = bench.precisions(fp32, int8, model.workingSize(), sizes);
      } finally {
        if (fp32 != loaded) {
          fp32.close();
        }
      }
    }
    if (!json) {
      System.out.println("Precision: the fp32 and the int8 labeler, in turn");
    }
    for (int i = 0; i < rows.size(); i += 2) {
      Benchmark.Result fp32 = rows.get(i);
      Benchmark.Result int8Row = rows.get(i + 1);
      print(fp32, peak);
      print(int8Row, peak);
      if (!json) {
        System.out.printf(
            "ratio int8 / fp32 %dx%d: %.2f (%.2f / %.2f frames/s)%n",
            int8Row.width(),
            int8Row.height(),
            int8Row.framesPerSecond() / fp32.framesPerSecond(),
            int8Row.framesPerSecond(),
            fp32.framesPerSecond());
      }
    }
    return rows;
  }

  @Override
  public Integer call() throws Exception {
    if (compare) {
      return new BenchCompare(this).run();
    }
    // Must precede the engine's first use: PyTorch reads its thread counts once.
    if (threads != null) {
      System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
    }
    if (interopThreads != null) {
      System.setProperty("ai.djl.pytorch.num_interop_threads", interopThreads.toString());
    }
    OpenCv.load();
    Benchmark bench = new Benchmark(warmup, runs);
    List<Benchmark.Result> results = new ArrayList<>();
    double peak;
    try (SceneModel loaded =
        network != null
            ? SceneModel.untrained(network, 1, DeviceSpec.parse(model.device()))
            : model.open()) {
      peak = bench.peakGmacPerSecond(2048);
      if (!json) {
        System.out.printf(
            "Model %s (%s) on %s, %s engine; peak (2048^3 matrix product, libtorch): %.1f GMAC/s%n",
            loaded.info().modelId(),
            loaded.info().network(),
            loaded.device(),
            loaded.engine(),
            peak);
        System.out.printf(
            "Labeler working size: %s%n", model.workingSize().describe(loaded.info()));
        System.out.printf(
            "%-8s %9s %9s %5s %9s %10s %10s %10s%n",
            "what", "size", "runs at", "batch", "frames/s", "GMAC/frame", "GMAC/s", "% of peak");
      }
      for (String size : sizes) {
        int[] wh = parseSize(size);
        for (int batch : batches) {
          Benchmark.Result network = bench.network(loaded, wh[0], wh[1], batch);
          results.add(network);
          print(network, peak);
        }
      }
      List<Benchmark.Result> labelers =
          bench.labeler(
              loaded,
              model.workingSize(),
              labelerSizes.stream().map(BenchCommand::parseSize).toList());
      Benchmark.Result labeler = labelers.get(0); // the reference of the ratios
      for (Benchmark.Result r : labelers) {
        results.add(r);
        print(r, peak);
      }
      for (Benchmark.Result r : labelers.subList(1, labelers.size())) {
        if (!json) {
          System.out.printf(
              "ratio labeler %dx%d / %dx%d: %.2f (%.2f / %.2f frames/s)%n",
              r.width(),
              r.height(),
              labeler.width(),
              labeler.height(),
              r.framesPerSecond() / labeler.framesPerSecond(),
              r.framesPerSecond(),
              labeler.framesPerSecond());
        }
      }
      List<Benchmark.Result> filtered =
          bench.temporalFilter(
              loaded,
              model.workingSize(),
              labelerSizes.stream().map(BenchCommand::parseSize).toList(),
              TemporalFilterSettings.flow());
      if (!json) {
        System.out.println(
            "Temporal filter (flow): labeler without and with it, a panning camera, in turn");
      }
      for (int i = 0; i < filtered.size(); i += 2) {
        Benchmark.Result without = filtered.get(i);
        Benchmark.Result with = filtered.get(i + 1);
        results.add(without);
        results.add(with);
        print(without, peak);
        print(with, peak);
        if (!json) {
          System.out.printf(
              "ratio filtered / labeler %dx%d: %.2f (%.2f / %.2f frames/s)%n",
              with.width(),
              with.height(),
              with.framesPerSecond() / without.framesPerSecond(),
              with.framesPerSecond(),
              without.framesPerSecond());
        }
      }
      if (network == null && loaded.engine() == InferenceEngine.ONNX_RUNTIME) {
        results.addAll(comparePrecisions(bench, loaded, peak));
      }
      if (baseline && !json) {
        measureBaseline(bench, peak, labeler);
      }
    }
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("peakGmacPerSecond", peak);
      line.put("results", results);
      System.out.println(JSON.writeValueAsString(line));
    }
    return 0;
  }

  /** The first generation on its engine, same frames and machine, and the labelers' ratio. */
  private void measureBaseline(Benchmark bench, double peak, Benchmark.Result labeler)
      throws Exception {
    try (SceneModel first = SceneModel.loadBaseline(DeviceSpec.parse(model.device()))) {
      System.out.printf(
          "Baseline: first generation %s (%s) on %s, %s engine%n",
          first.info().modelId(), first.info().network(), first.device(), first.engine());
      print(bench.network(first, 480, 360, 1), peak);
      Benchmark.Result old =
          bench.labeler(first, model.workingSize(), labeler.width(), labeler.height(), 1);
      print(old, peak);
      System.out.printf(
          "ratio labeler %dx%d 1: %.2f (%.2f / %.2f frames/s, default / first generation)%n",
          labeler.width(),
          labeler.height(),
          labeler.framesPerSecond() / old.framesPerSecond(),
          labeler.framesPerSecond(),
          old.framesPerSecond());
    }
  }

  private void print(Benchmark.Result r, double peak) {
    if (!json) {
      System.out.printf(
          "%-8s %9s %9s %5d %9.2f %10.2f %10.1f %9.0f%%%n",
          r.what(),
          r.width() + "x" + r.height(),
          r.workWidth() + "x" + r.workHeight(),
          r.batch(),
          r.framesPerSecond(),
          r.gmacPerFrame(),
          r.achievedGmacPerSecond(),
          100 * r.achievedGmacPerSecond() / peak);
    }
  }

  static int[] parseSize(String size) {
    String[] parts = size.toLowerCase().split("x");
    try {
      int w = Integer.parseInt(parts[0].trim());
      int h = Integer.parseInt(parts[1].trim());
      if (parts.length == 2 && w > 0 && h > 0) {
        return new int[] {w, h};
      }
    } catch (RuntimeException e) {
      // reported below
    }
    throw new CommandLine.ParameterException(
        new CommandLine(new BenchCommand()),
        "size must be WIDTHxHEIGHT, e.g. 320x240, got '" + size + "'");
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchCommand()).execute(args));
  }
}
