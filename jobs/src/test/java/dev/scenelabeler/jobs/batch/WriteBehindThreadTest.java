package dev.scenelabeler.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class WriteBehindThreadTest {

  @Test
  void shouldRunWritesInTheOrderSubmittedBeforeALaterCall() throws Exception {
    List<Integer> done = new CopyOnWriteArrayList<>();
    try (WriteBehindThread writer = new WriteBehindThread("test writer", 2)) {
      for (int i = 0; i < 20; i++) {
        int n = i;
        writer.submit(() -> done.add(n));
      }
      assertThat(writer.call(() -> List.copyOf(done)))
          .containsExactlyElementsOf(IntStream.range(0, 20).boxed().toList());
    }
  }

  @Test
  void shouldMakeTheSubmitterWaitWhenCapacityWritesAreQueued() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean thirdQueued = new AtomicBoolean();
    try (WriteBehindThread writer = new WriteBehindThread("test writer", 2)) {
      Runnable blocked =
          () -> {
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          };
      writer.submit(blocked);
      writer.submit(blocked);
      Thread submitter =
          new Thread(
              () -> {
                try {
                  writer.submit(() -> {});
                  thirdQueued.set(true);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
      submitter.start();
      // Parked in submit (WAITING) is what the name promises; without back-pressure submit returns
      // and the thread ends. Polled with a deadline: the new thread may take a while to get a core.
      Thread.State state = awaitParkedOrEnded(submitter);
      assertThat(state)
          .as("submitter of a third write while two are queued")
          .isEqualTo(Thread.State.WAITING);
      assertThat(thirdQueued).as("third write queued while two wait").isFalse();
      release.countDown();
      submitter.join(TimeUnit.SECONDS.toMillis(10));
      assertThat(thirdQueued).isTrue();
    }
  }

  @Test
  void shouldFailTheNextSubmitWithTheCauseOfAFailedWrite() throws Exception {
    try (WriteBehindThread writer = new WriteBehindThread("test writer", 4)) {
      writer.submit(
          () -> {
            throw new IllegalStateException("disk full");
          });
      assertThatThrownBy(() -> writer.call(() -> null))
          .isInstanceOf(IllegalStateException.class)
          .hasRootCauseMessage("disk full");
      assertThatThrownBy(() -> writer.submit(() -> {}))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("disk full");
    }
  }

  @Test
  void shouldFinishQueuedWritesOnClose() throws Exception {
    List<Integer> done = new CopyOnWriteArrayList<>();
    WriteBehindThread writer = new WriteBehindThread("test writer", 8);
    for (int i = 0; i < 5; i++) {
      int n = i;
      writer.submit(
          () -> {
            sleepQuietly(20);
            done.add(n);
          });
    }
    writer.close();
    assertThat(done).containsExactly(0, 1, 2, 3, 4);
  }

  private static Thread.State awaitParkedOrEnded(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    Thread.State state = thread.getState();
    while (state != Thread.State.WAITING
        && state != Thread.State.TERMINATED
        && System.nanoTime() < deadline) {
      Thread.sleep(5);
      state = thread.getState();
    }
    return state;
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
