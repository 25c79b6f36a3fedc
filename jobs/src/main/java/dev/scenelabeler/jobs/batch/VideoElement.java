package dev.scenelabeler.jobs.batch;

import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import org.opencv.core.Mat;

/**
 * What flows from the video reader through the labeler to the writer, one video after another per
 * subtask: {@link Start}, its {@link Frame}s in order, {@link End}. The reader, the labeler and the
 * writer are chained (object reuse, no serialization), so a frame's decoded Mat travels by
 * reference: decoded once, labeled, blended into the overlay and released by the writer.
 */
public sealed interface VideoElement
    permits VideoElement.Start, VideoElement.Frame, VideoElement.End {

  /** The video these elements belong to. */
  String cameraId();

  /**
   * A video's first element.
   *
   * @param expectedFrames the frames the container declares, after sampling; a hint for progress,
   *     -1 if unknown
   * @param frameRate the video's frame rate (frames/s); 0 if it could not be opened
   * @param startEpochMs when the video's first frame was captured, epoch ms: the container's
   *     creation time, or the wall clock when the reader opened it where the container has none; a
   *     frame's capture time is this plus its presentation time
   */
  record Start(String cameraId, long expectedFrames, double frameRate, long startEpochMs)
      implements VideoElement {}

  /**
   * One decoded frame, labeled or not yet.
   *
   * @param index the frame's position in the video, from 0, before sampling
   * @param timestampMicros presentation time from the start of the video
   * @param bgr the upright decoded frame, 8-bit BGR; released by the writer
   * @param mask the labeler's mask, the frame's size; null until labeled
   * @param labelingMs labeler time for this frame (a batch's time over its size); 0 until labeled
   * @param filtered whether the temporal filter blended the mask with the video's earlier frames
   * @param model the labeling model (class names, palette); null until labeled
   */
  record Frame(
      String cameraId,
      long index,
      long timestampMicros,
      Mat bgr,
      SceneMask mask,
      double labelingMs,
      boolean filtered,
      ModelInfo model)
      implements VideoElement {

    Frame labeled(SceneMask labeledMask, double ms, boolean blended, ModelInfo by) {
      return new Frame(cameraId, index, timestampMicros, bgr, labeledMask, ms, blended, by);
    }
  }

  /**
   * A video's last element.
   *
   * @param framesRead frames decoded and handed on
   * @param endMicros where the video ends, in microseconds from its start, frames left out by
   *     sampling included ({@code FrameSource#endMicros}); -1 if unknown (e.g. it could not be
   *     read)
   * @param readError why the video could not be read to its end; null if it could
   * @param framesRefused frames the labeler refused (each logged with its reason)
   * @param firstRefusal the first refused frame's reason; null if none
   */
  record End(
      String cameraId,
      long framesRead,
      long endMicros,
      String readError,
      long framesRefused,
      String firstRefusal)
      implements VideoElement {

    End withRefusals(long refused, String first) {
      return new End(cameraId, framesRead, endMicros, readError, refused, first);
    }
  }
}
