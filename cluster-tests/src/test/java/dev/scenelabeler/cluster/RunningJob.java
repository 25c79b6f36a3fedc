package dev.scenelabeler.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.rest.messages.EmptyRequestBody;
import org.apache.flink.runtime.rest.messages.JobExceptionsHeaders;
import org.apache.flink.runtime.rest.messages.JobExceptionsInfoWithHistory.RootExceptionInfo;
import org.apache.flink.runtime.rest.messages.JobVertexDetailsHeaders;
import org.apache.flink.runtime.rest.messages.JobVertexMessageParameters;
import org.apache.flink.runtime.rest.messages.MessageQueryParameter;
import org.apache.flink.runtime.rest.messages.job.JobDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.JobExceptionsMessageParameters;
import org.apache.flink.runtime.rest.messages.job.SubtaskExecutionAttemptDetailsInfo;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexMetricsHeaders;
import org.apache.flink.runtime.rest.messages.job.metrics.JobVertexMetricsMessageParameters;
import org.apache.flink.runtime.rest.messages.job.metrics.Metric;
import org.apache.flink.runtime.rest.messages.job.metrics.MetricsFilterParameter;

/**
 * A submitted job, as the drill watches and stops it through Flink's {@link RestClusterClient}: its
 * state, where each subtask runs, a vertex's metrics, its failure history (the dashboard's views,
 * typed). Every call waits at most 30 s and fails with Flink's message.
 */
record RunningJob(RestClusterClient<?> client, JobID id) {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /** Where one subtask of one vertex runs, in which attempt and state. */
  record SubtaskLocation(
      String vertex, int subtask, int attempt, ExecutionState status, String taskManagerId) {}

  JobStatus status() {
    return await(client.getJobStatus(id), "status");
  }

  /** True when the job is RUNNING and every subtask of every vertex is RUNNING (or done). */
  boolean allTasksRunning() {
    JobDetailsInfo job = details();
    return job.getJobStatus() == JobStatus.RUNNING
        && job.getJobVertexInfos().stream()
            .allMatch(
                vertex -> {
                  Map<ExecutionState, Integer> tasks = vertex.getTasksPerState();
                  return tasks.getOrDefault(ExecutionState.RUNNING, 0)
                          + tasks.getOrDefault(ExecutionState.FINISHED, 0)
                      == vertex.getParallelism();
                });
  }

  /** Every subtask of the job, with the TaskManager (resource id) it runs on. */
  List<SubtaskLocation> subtasks() {
    List<SubtaskLocation> locations = new ArrayList<>();
    for (JobDetailsInfo.JobVertexDetailsInfo vertex : details().getJobVertexInfos()) {
      JobVertexMessageParameters params = new JobVertexMessageParameters();
      params.jobPathParameter.resolve(id);
      params.jobVertexIdPathParameter.resolve(vertex.getJobVertexID());
      var details =
          await(
              client.sendRequest(
                  JobVertexDetailsHeaders.getInstance(), params, EmptyRequestBody.getInstance()),
              "vertex " + vertex.getName());
      for (SubtaskExecutionAttemptDetailsInfo subtask : details.getSubtasks()) {
        locations.add(
            new SubtaskLocation(
                vertex.getName(),
                subtask.getSubtaskIndex(),
                subtask.getAttempt(),
                subtask.getStatus(),
                subtask.getTaskmanagerId()));
      }
    }
    return locations;
  }

  /**
   * The metrics of the first vertex named like {@code vertexNamePart} whose ids end with one of
   * {@code suffixes}, e.g. {@code 0.label_frames.gpuIndex -> -1}; ids are {@code
   * SUBTASK.OPERATOR.METRIC}.
   */
  Map<String, String> vertexMetrics(String vertexNamePart, List<String> suffixes) {
    JobDetailsInfo.JobVertexDetailsInfo vertex =
        details().getJobVertexInfos().stream()
            .filter(v -> v.getName().contains(vertexNamePart))
            .findFirst()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no vertex named like '" + vertexNamePart + "' in job " + id));
    List<String> ids =
        metrics(vertex, List.of()).stream()
            .map(Metric::getId)
            .filter(metric -> suffixes.stream().anyMatch(metric::endsWith))
            .toList();
    Map<String, String> values = new LinkedHashMap<>();
    if (!ids.isEmpty()) {
      metrics(vertex, ids).forEach(metric -> values.put(metric.getId(), metric.getValue()));
    }
    return values;
  }

  /** The job's failure history: one line per failure (exception and message, where it ran). */
  List<String> failures() {
    JobExceptionsMessageParameters params = new JobExceptionsMessageParameters();
    params.jobPathParameter.resolve(id);
    var history =
        await(
                client.sendRequest(
                    JobExceptionsHeaders.getInstance(), params, EmptyRequestBody.getInstance()),
                "exceptions")
            .getExceptionHistory();
    List<String> lines = new ArrayList<>();
    for (RootExceptionInfo failure : history.getEntries()) {
      String first = failure.getStacktrace().lines().findFirst().orElse(failure.getExceptionName());
      lines.add(
          first
              + " ["
              + Objects.requireNonNullElse(failure.getTaskName(), "-")
              + " @ "
              + Objects.requireNonNullElse(failure.getEndpoint(), "-")
              + "]");
    }
    return lines;
  }

  /**
   * Takes a savepoint in {@code directory}, commits what it covers (the masks' Kafka transactions
   * included) and stops the job; returns the savepoint's path.
   */
  String stopWithSavepoint(Path directory, Duration timeout) {
    return ClusterRest.await(
        client.stopWithSavepoint(
            id, false, directory.toUri().toString(), SavepointFormatType.CANONICAL),
        timeout,
        "stop-with-savepoint of " + id);
  }

  void cancel() {
    await(client.cancel(id), "cancel");
  }

  private JobDetailsInfo details() {
    return await(client.getJobDetails(id), "details");
  }

  /** The vertex's metrics: with no {@code ids} which ones there are, else their values. */
  private List<Metric> metrics(JobDetailsInfo.JobVertexDetailsInfo vertex, List<String> ids) {
    JobVertexMetricsMessageParameters params = new JobVertexMetricsMessageParameters();
    params.jobPathParameter.resolve(id);
    params.jobVertexIdPathParameter.resolve(vertex.getJobVertexID());
    if (!ids.isEmpty()) {
      for (MessageQueryParameter<?> query : params.getQueryParameters()) {
        if (query instanceof MetricsFilterParameter filter) {
          filter.resolve(ids);
        }
      }
    }
    return List.copyOf(
        await(
                client.sendRequest(
                    JobVertexMetricsHeaders.getInstance(), params, EmptyRequestBody.getInstance()),
                "metrics of " + vertex.getName())
            .getMetrics());
  }

  private <T> T await(CompletableFuture<T> answer, String what) {
    return ClusterRest.await(answer, TIMEOUT, what + " of job " + id);
  }
}
