package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class ClusterRestTest {

  @TempDir Path dir;

  @Test
  void shouldNameWhatFailedAndFlinksReason() {
    CompletableFuture<String> answer =
        CompletableFuture.failedFuture(new IllegalArgumentException("no such job"));

    assertThatThrownBy(() -> ClusterRest.await(answer, Duration.ofSeconds(1), "cancel of job 42"))
        .hasMessageContaining("cancel of job 42 failed")
        .hasMessageContaining("no such job");
  }

  @Test
  void shouldGiveUpAndCancelTheCallAfterTheTimeout() {
    CompletableFuture<String> never = new CompletableFuture<>();

    assertThatThrownBy(() -> ClusterRest.await(never, Duration.ofMillis(100), "GET /overview"))
        .hasMessageContaining("GET /overview not done within");
    assertThat(never).isCancelled();
  }

  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void shouldFailAtOnceWithTheEndOfItsLogWhenTheProcessWaitedForHasExited() throws Exception {
    Path log =
        Files.writeString(dir.resolve("jobmanager.log"), "BindException: Address already in use\n");
    FlinkProcess exited = new FlinkProcess("jobmanager", exitedProcess(), log);
    CompletableFuture<String> never = new CompletableFuture<>();

    // The timeout is an hour: only the exit can end the wait within the test's minute.
    assertThatThrownBy(
            () -> ClusterRest.awaitWhileAlive(never, exited, Duration.ofHours(1), "GET /overview"))
        .hasMessageContaining("exited")
        .hasMessageContaining("Address already in use");
    assertThat(never).isCancelled();
  }

  private static Process exitedProcess() throws IOException, InterruptedException {
    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .start();
    process.waitFor();
    return process;
  }
}
