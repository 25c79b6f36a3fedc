package dev.scenelabeler.jobs.labeling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.models.OpenCv;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.CvType;
import org.opencv.core.Mat;

class DecodeAheadTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCv.load();
  }

  /**
   * Decodes "frame n" to a 1x1 Mat holding n and "bad n" to a failure, noting which threads tried
   * each frame. Latches let a test wait until a frame's decode has begun or ended instead of
   * sleeping; a gate, when given, holds the helper inside its decode until the test opens it.
   */
  private static final class RecordingDecoder implements Function<String, Mat> {
    final Map<String, String> decodedOn = new ConcurrentHashMap<>();

    /** Every thread that began decoding a frame, failures included, in order. */
    final Map<String, List<String>> attempts = new ConcurrentHashMap<>();

    final Map<String, Mat> made = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> begun = new ConcurrentHashMap<>();
    private final Map<String, CountDownLatch> decoded = new ConcurrentHashMap<>();
    final CountDownLatch gate;

    RecordingDecoder(CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public Mat apply(String frame) {
      attempts
          .computeIfAbsent(frame, f -> new CopyOnWriteArrayList<>())
          .add(Thread.currentThread().getName());
      latch(begun, frame).countDown();
      if (frame.startsWith("bad")) {
        throw new FrameImageDecoder.UndecodableImageException(frame + " is no image");
      }
      if (Thread.currentThread().getName().equals("helper") && gate != null) {
        try {
          gate.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      decodedOn.put(frame, Thread.currentThread().getName());
      Mat mat = new Mat(1, 1, CvType.CV_8UC1);
      mat.put(0, 0, Integer.parseInt(frame.substring(frame.indexOf(' ') + 1)));
      made.put(frame, mat);
      latch(decoded, frame).countDown();
      return mat;
    }

    /** Waits until some thread has begun decoding {@code frame}. */
    void awaitBegun(String frame) throws InterruptedException {
      assertThat(latch(begun, frame).await(10, TimeUnit.SECONDS)).as("%s begun", frame).isTrue();
    }

    /** Waits until some thread has decoded {@code frame}. */
    void awaitDecoded(String frame) throws InterruptedException {
      assertThat(latch(decoded, frame).await(10, TimeUnit.SECONDS))
          .as("%s decoded", frame)
          .isTrue();
    }

    private static CountDownLatch latch(Map<String, CountDownLatch> latches, String frame) {
      return latches.computeIfAbsent(frame, f -> new CountDownLatch(1));
    }
  }

  private static int valueOf(Mat mat) {
    return (int) mat.get(0, 0)[0];
  }

  /**
   * Frames 1 and 2 prefetched with the helper held inside frame 1 until the decoder's gate opens.
   * Closed here if the helper never begins, so a failing test leaves no thread behind.
   */
  private static DecodeAhead<String> heldInsideFrameOne(RecordingDecoder decoder)
      throws InterruptedException {
    DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 4, "helper");
    try {
      ahead.prefetch(List.of("frame 1", "frame 2"));
      decoder.awaitBegun("frame 1");
      return ahead;
    } catch (InterruptedException | RuntimeException | AssertionError e) {
      ahead.close();
      throw e;
    }
  }

  /** The helper may still be handing the Mat over when forgotten: then it releases it itself. */
  private static void awaitReleased(Mat mat) throws InterruptedException {
    for (int i = 0; i < 500 && !mat.empty(); i++) {
      Thread.sleep(10);
    }
    assertThat(mat.empty()).as("released").isTrue();
  }

  @Test
  void shouldHandOverFramesDecodedOnTheHelperThread() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder(null);
    try (DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 4, "helper")) {
      ahead.prefetch(List.of("frame 1", "frame 2"));
      decoder.awaitDecoded("frame 1");
      decoder.awaitDecoded("frame 2");

      Mat first = ahead.take("frame 1");
      Mat second = ahead.take("frame 2");

      assertThat(valueOf(first)).isEqualTo(1);
      assertThat(valueOf(second)).isEqualTo(2);
      assertThat(decoder.decodedOn)
          .containsEntry("frame 1", "helper")
          .containsEntry("frame 2", "helper");
      assertThat(ahead.aheadCount()).isZero();
      first.release();
      second.release();
    }
  }

  @Test
  void shouldDecodeOnTheCallingThreadAFrameTheHelperHasNotStarted() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder(new CountDownLatch(1));
    try (DecodeAhead<String> ahead =
        heldInsideFrameOne(decoder)) { // so the helper cannot have begun frame 2
      Mat second = ahead.take("frame 2"); // not started: the caller decodes it, no waiting

      assertThat(valueOf(second)).isEqualTo(2);
      assertThat(decoder.decodedOn).containsEntry("frame 2", Thread.currentThread().getName());
      decoder.gate.countDown();
      Mat first = ahead.take("frame 1"); // started on the helper: waited for
      assertThat(valueOf(first)).isEqualTo(1);
      assertThat(decoder.decodedOn).containsEntry("frame 1", "helper");
      first.release();
      second.release();
    }
  }

  @Test
  void shouldDecodeNowAFrameThatWasNotPrefetched() {
    RecordingDecoder decoder = new RecordingDecoder(null);
    try (DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 4, "helper")) {
      Mat mat = ahead.take("frame 7");
      assertThat(valueOf(mat)).isEqualTo(7);
      assertThat(decoder.decodedOn).containsEntry("frame 7", Thread.currentThread().getName());
      mat.release();
    }
  }

  @Test
  void shouldGiveTheDecodeFailureOfAFrameDecodedAheadToTheCaller() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder(null);
    try (DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 4, "helper")) {
      ahead.prefetch(List.of("bad 1"));
      decoder.awaitBegun("bad 1"); // claimed by the helper, so take must hand its failure over

      assertThatThrownBy(() -> ahead.take("bad 1"))
          .isInstanceOf(FrameImageDecoder.UndecodableImageException.class)
          .hasMessage("bad 1 is no image");
      assertThat(decoder.attempts)
          .as("decoded once, on the helper, not again by the caller")
          .containsEntry("bad 1", List.of("helper"));
    }
  }

  @Test
  void shouldReleaseTheImagesOfForgottenFramesAndOfFramesLeftAtClose() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder(null);
    DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 4, "helper");
    ahead.prefetch(List.of("frame 1", "frame 2"));
    decoder.awaitDecoded("frame 1");
    decoder.awaitDecoded("frame 2");

    ahead.forget("frame 1");
    awaitReleased(decoder.made.get("frame 1"));
    assertThat(decoder.made.get("frame 2").empty()).isFalse();
    ahead.close();
    awaitReleased(decoder.made.get("frame 2"));
  }

  @Test
  void shouldNeverDecodeAForgottenFrameTheHelperHadNotStarted() throws Exception {
    RecordingDecoder decoder = new RecordingDecoder(new CountDownLatch(1));
    try (DecodeAhead<String> ahead = heldInsideFrameOne(decoder)) { // frame 2 not begun
      ahead.forget("frame 2");
      decoder.gate.countDown();
      Mat first = ahead.take("frame 1");
      ahead.prefetch(List.of("frame 3"));
      decoder.awaitDecoded("frame 3"); // the helper has passed frame 2 by now

      assertThat(decoder.decodedOn).doesNotContainKey("frame 2");
      first.release();
      ahead.take("frame 3").release();
    }
  }

  @Test
  void shouldDecodeAtMostTheLimitAhead() {
    CountDownLatch gate = new CountDownLatch(1);
    RecordingDecoder decoder = new RecordingDecoder(gate);
    try (DecodeAhead<String> ahead = new DecodeAhead<>(decoder, 2, "helper")) {
      ahead.prefetch(List.of("frame 1", "frame 2", "frame 3"));
      ahead.prefetch(List.of("frame 1", "frame 2", "frame 3"));

      assertThat(ahead.aheadCount()).isEqualTo(2);
      gate.countDown();
      ahead.take("frame 1").release();
      ahead.take("frame 2").release();
      ahead.take("frame 3").release();
    }
  }
}
