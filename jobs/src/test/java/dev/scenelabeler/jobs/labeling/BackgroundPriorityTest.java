package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

class BackgroundPriorityTest {

  @Test
  void shouldLowerTheCallingThreadsPriorityAndNoOtherThreads() throws Exception {
    assumeTrue(
        Files.isSymbolicLink(Path.of("/proc/thread-self")),
        "Linux only: no /proc/thread-self here");
    int callerNice = BackgroundPriority.currentNice();
    ExecutorService thread = Executors.newSingleThreadExecutor();
    try {
      int[] niceInThread =
          thread
              .submit(
                  () -> {
                    int before = BackgroundPriority.currentNice();
                    boolean lowered = BackgroundPriority.lowerCurrentThread();
                    return new int[] {before, lowered ? 1 : 0, BackgroundPriority.currentNice()};
                  })
              .get();

      assertThat(niceInThread[1]).as("lowered").isEqualTo(1);
      assertThat(niceInThread[2])
          .isEqualTo(Math.min(19, niceInThread[0] + BackgroundPriority.NICE));
      assertThat(BackgroundPriority.currentNice())
          .as("the calling thread's own")
          .isEqualTo(callerNice);
    } finally {
      thread.shutdown();
    }
  }
}
