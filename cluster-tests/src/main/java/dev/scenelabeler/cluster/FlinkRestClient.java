package dev.scenelabeler.cluster;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
// Flink's own shaded Jackson, already in lib/: the launcher adds nothing to the cluster's class path.
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The few calls of Flink's REST API (the one the web dashboard and {@code flink run} use) that
 * submitting, watching, stopping and resuming a job take. Errors carry Flink's own message.
 */
public final class FlinkRestClient {

  private static final ObjectMapper JSON = new ObjectMapper();
  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public FlinkRestClient(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** Where one subtask of one vertex runs, in which attempt and state. */
  public record SubtaskLocation(String vertex, int subtask, int attempt, String status, String taskManagerId) {}

  /** Waits until the REST API answers /overview; fails early if {@code process} dies. */
  void awaitReady(Duration timeout, FlinkProcess process) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      try {
        get("/overview");
        return;
      } catch (RuntimeException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException(process + " exited; see " + process.logFile(), notYet);
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("Flink REST API at " + baseUrl + " not up within " + timeout.toSeconds() + " s", notYet);
        }
        LocalFlinkCluster.sleep(Duration.ofMillis(250));
      }
    }
  }

  public List<String> taskManagerIds() {
    List<String> ids = new ArrayList<>();
    get("/taskmanagers").path("taskmanagers").forEach(tm -> ids.add(tm.path("id").asText()));
    return ids;
  }

  /** POST /jars/upload; returns the jar id for {@link #runJar}. */
  public String uploadJar(Path jar) {
    String boundary = "----scene-labeler-" + UUID.randomUUID();
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest.BodyPublisher jarBody;
    try {
      jarBody = HttpRequest.BodyPublishers.ofFile(jar); // streamed: the jar carries libtorch (~200 MB)
    } catch (java.io.FileNotFoundException e) {
      throw new IllegalArgumentException("job jar " + jar + " not found", e);
    }
    JsonNode answer = send(HttpRequest.newBuilder(uri("/jars/upload"))
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .timeout(Duration.ofMinutes(2))
        .POST(HttpRequest.BodyPublishers.concat(HttpRequest.BodyPublishers.ofByteArray(head), jarBody,
            HttpRequest.BodyPublishers.ofByteArray(tail))).build());
    String file = answer.path("filename").asText();
    if (!"success".equals(answer.path("status").asText()) || file.isEmpty()) {
      throw new IllegalStateException("jar upload of " + jar + " failed: " + answer);
    }
    return Path.of(file).getFileName().toString();
  }

  /**
   * POST /jars/:id/run: runs the jar's {@code entryClass} main with {@code args} on the
   * JobManager; returns the job id. With {@code savepointPath} the job resumes from it.
   */
  public String runJar(String jarId, String entryClass, List<String> args, int parallelism, String savepointPath) {
    ObjectNode request = JSON.createObjectNode();
    request.put("entryClass", entryClass);
    request.putPOJO("programArgsList", args);
    request.put("parallelism", parallelism);
    if (savepointPath != null) {
      request.put("savepointPath", savepointPath);
      request.put("allowNonRestoredState", false);
    }
    JsonNode answer = post("/jars/" + jarId + "/run", request, Duration.ofMinutes(3));
    String jobId = answer.path("jobid").asText();
    if (jobId.isEmpty()) {
      throw new IllegalStateException("job not started from " + jarId + ": " + answer);
    }
    return jobId;
  }

  public JsonNode job(String jobId) {
    return get("/jobs/" + jobId);
  }

  public String jobState(String jobId) {
    return job(jobId).path("state").asText();
  }

  /** True when the job is RUNNING and every subtask of every vertex is RUNNING (or done). */
  public boolean allTasksRunning(String jobId) {
    JsonNode job = job(jobId);
    if (!"RUNNING".equals(job.path("state").asText())) {
      return false;
    }
    for (JsonNode vertex : job.path("vertices")) {
      JsonNode tasks = vertex.path("tasks");
      int running = tasks.path("RUNNING").asInt() + tasks.path("FINISHED").asInt();
      if (running != vertex.path("parallelism").asInt()) {
        return false;
      }
    }
    return true;
  }

  /** Every subtask of the job, with the TaskManager it runs on. */
  public List<SubtaskLocation> subtasks(String jobId) {
    List<SubtaskLocation> locations = new ArrayList<>();
    for (JsonNode vertex : job(jobId).path("vertices")) {
      JsonNode details = get("/jobs/" + jobId + "/vertices/" + vertex.path("id").asText());
      for (JsonNode subtask : details.path("subtasks")) {
        locations.add(new SubtaskLocation(vertex.path("name").asText(), subtask.path("subtask").asInt(),
            subtask.path("attempt").asInt(), subtask.path("status").asText(),
            subtask.path("taskmanager-id").asText(subtask.path("host").asText())));
      }
    }
    return locations;
  }

  /** The id of the first vertex whose name contains {@code namePart}. */
  public String vertexId(String jobId, String namePart) {
    for (JsonNode vertex : job(jobId).path("vertices")) {
      if (vertex.path("name").asText().contains(namePart)) {
        return vertex.path("id").asText();
      }
    }
    throw new IllegalArgumentException("no vertex named like '" + namePart + "' in job " + jobId);
  }

  /**
   * The vertex's metrics whose id ends with one of {@code suffixes}, e.g. {@code
   * 0.label_frames.gpuIndex -> -1}; ids are {@code SUBTASK.OPERATOR.METRIC}.
   */
  public Map<String, String> vertexMetrics(String jobId, String vertexId, List<String> suffixes) {
    String path = "/jobs/" + jobId + "/vertices/" + vertexId + "/metrics";
    List<String> ids = new ArrayList<>();
    for (JsonNode metric : get(path)) {
      String id = metric.path("id").asText();
      if (suffixes.stream().anyMatch(id::endsWith)) {
        ids.add(id);
      }
    }
    Map<String, String> values = new LinkedHashMap<>();
    if (ids.isEmpty()) {
      return values;
    }
    for (JsonNode metric : get(path + "?get=" + URLEncoder.encode(String.join(",", ids), StandardCharsets.UTF_8))) {
      values.put(metric.path("id").asText(), metric.path("value").asText());
    }
    return values;
  }

  /** Checkpoint counts and the latest restored checkpoint, as the dashboard shows them. */
  public JsonNode checkpoints(String jobId) {
    return get("/jobs/" + jobId + "/checkpoints");
  }

  /** The job's failure history: one line per failure (exception name and message, where it ran). */
  public List<String> failures(String jobId) {
    List<String> lines = new ArrayList<>();
    for (JsonNode entry : get("/jobs/" + jobId + "/exceptions").path("exceptionHistory").path("entries")) {
      String first = entry.path("stacktrace").asText().lines().findFirst().orElse(entry.path("exceptionName").asText());
      lines.add(first + " [" + entry.path("taskName").asText("-") + " @ " + entry.path("endpoint").asText("-") + "]");
    }
    return lines;
  }

  /**
   * POST /jobs/:id/stop: takes a savepoint, commits what it covers (the masks' Kafka
   * transactions included) and stops the job; returns the savepoint's path.
   */
  public String stopWithSavepoint(String jobId, Path directory, Duration timeout) {
    ObjectNode request = JSON.createObjectNode();
    request.put("targetDirectory", directory.toUri().toString());
    request.put("drain", false);
    String trigger = post("/jobs/" + jobId + "/stop", request, Duration.ofSeconds(30)).path("request-id").asText();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      JsonNode status = get("/jobs/" + jobId + "/savepoints/" + trigger);
      if ("COMPLETED".equals(status.path("status").path("id").asText())) {
        JsonNode operation = status.path("operation");
        if (operation.has("failure-cause")) {
          throw new IllegalStateException("stop-with-savepoint of " + jobId + " failed: " + operation.path("failure-cause"));
        }
        return operation.path("location").asText();
      }
      LocalFlinkCluster.sleep(Duration.ofMillis(250));
    }
    throw new IllegalStateException("stop-with-savepoint of " + jobId + " not done within " + timeout.toSeconds() + " s");
  }

  /** PATCH /jobs/:id?mode=cancel. */
  public void cancel(String jobId) {
    send(HttpRequest.newBuilder(uri("/jobs/" + jobId + "?mode=cancel"))
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build());
  }

  JsonNode get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30)).GET().build());
  }

  private JsonNode post(String path, JsonNode body, Duration timeout) {
    return send(HttpRequest.newBuilder(uri(path))
        .header("Content-Type", "application/json")
        .timeout(timeout)
        .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build());
  }

  private JsonNode send(HttpRequest request) {
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
    JsonNode json;
    try {
      json = response.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(response.body());
    } catch (IOException e) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
          + " with no JSON: " + response.body(), e);
    }
    if (response.statusCode() >= 300) {
      throw new IllegalStateException(request.method() + " " + request.uri() + " answered " + response.statusCode()
          + ": " + json.path("errors"));
    }
    return json;
  }

  private URI uri(String path) {
    return URI.create(baseUrl + path);
  }
}
