package dev.scenelabeler.models.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench --compare}: runs the benchmark once per engine setting (threads, OpenMP wait
 * policy), each in a child JVM of its own with {@code --json}, and prints them side by side with
 * ratios to the default, so a noisy machine affects every column alike.
 */
final class BenchCompare {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The options every child runs with; only the engine setting differs. */
  private final BenchCommand bench;

  BenchCompare(BenchCommand bench) {
    this.bench = bench;
  }

  /** An engine setting to compare: JVM properties and environment of a child process. */
  record Variant(String name, List<String> args, Map<String, String> env) {}

  int run() throws Exception {
    List<Variant> variants =
        List.of(
            new Variant("default", List.of(), Map.of()),
            new Variant("threads=1", List.of("--threads", "1"), Map.of()),
            new Variant(
                "threads=2,interop=1",
                List.of("--threads", "2", "--interop-threads", "1"),
                Map.of()),
            new Variant("omp passive", List.of(), Map.of("OMP_WAIT_POLICY", "PASSIVE")),
            new Variant("omp active", List.of(), Map.of("OMP_WAIT_POLICY", "ACTIVE")));
    Map<String, Map<String, Object>> outcomes = new LinkedHashMap<>();
    for (Variant v : variants) {
      System.err.println("bench: running variant '" + v.name() + "' in a child JVM...");
      outcomes.put(v.name(), runChild(v));
    }
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> base =
        (List<Map<String, Object>>) outcomes.get("default").get("results");
    System.out.printf("%-22s %9s", "variant", "peak GM/s");
    for (Map<String, Object> r : base) {
      System.out.printf(
          " %18s",
          r.get("what") + " " + r.get("width") + "x" + r.get("height") + " b" + r.get("batch"));
    }
    System.out.println();
    for (Map.Entry<String, Map<String, Object>> e : outcomes.entrySet()) {
      System.out.printf(
          "%-22s %9.1f",
          e.getKey(), ((Number) e.getValue().get("peakGmacPerSecond")).doubleValue());
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> results = (List<Map<String, Object>>) e.getValue().get("results");
      for (int i = 0; i < results.size(); i++) {
        double fps = ((Number) results.get(i).get("framesPerSecond")).doubleValue();
        double baseFps = ((Number) base.get(i).get("framesPerSecond")).doubleValue();
        System.out.printf(" %10.2f fps x%.2f", fps, fps / baseFps);
      }
      System.out.println();
    }
    return 0;
  }

  private Map<String, Object> runChild(Variant v) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    command.add("-Dai.djl.offline=true");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(BenchCommand.class.getName());
    command.add("--json");
    command.addAll(
        List.of("--warmup", String.valueOf(bench.warmup), "--runs", String.valueOf(bench.runs)));
    command.addAll(List.of("--sizes", String.join(",", bench.sizes)));
    command.addAll(List.of("--labeler-sizes", String.join(",", bench.labelerSizes)));
    command.addAll(List.of("--working-size", bench.model.workingSize().toString()));
    command.addAll(
        List.of(
            "--batches", String.join(",", bench.batches.stream().map(String::valueOf).toList())));
    command.addAll(List.of("--device", bench.model.device()));
    if (bench.model.engine() != null) {
      command.addAll(List.of("--engine", bench.model.engine()));
    }
    if (bench.network != null) {
      command.addAll(List.of("--network", bench.network));
    } else {
      command.addAll(List.of("--model", bench.model.model().toString()));
    }
    command.addAll(v.args());
    ProcessBuilder builder =
        new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT);
    builder.environment().putAll(v.env());
    Process process = builder.start();
    String last = null;
    try (BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = reader.readLine()) != null; ) {
        if (line.startsWith("{")) {
          last = line;
        }
      }
    }
    int exit = process.waitFor();
    if (exit != 0 || last == null) {
      throw new IllegalStateException(
          "bench variant '" + v.name() + "' failed with exit code " + exit);
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> parsed = JSON.readValue(last, Map.class);
    return parsed;
  }
}
