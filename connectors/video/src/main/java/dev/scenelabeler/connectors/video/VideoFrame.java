package dev.scenelabeler.connectors.video;

import org.opencv.core.Mat;

/**
 * One decoded frame.
 *
 * <p>Ownership: {@code bgr} is a fresh 8-bit, 3-channel BGR {@link Mat} that belongs to the caller.
 * It stays valid after the next call to {@link FrameSource#next()} and after the source is closed,
 * so frames can be batched or handed to another thread. The source makes exactly one copy per
 * delivered frame (out of FFmpeg's reused buffer, or the resize output); call {@link Mat#release()}
 * when done to free the native memory without waiting for the GC.
 *
 * @param index position of the frame in the source, counting from 0, before sampling (with {@code
 *     every(3)} the indices are 0, 3, 6, ...)
 * @param timestampMicros presentation timestamp in microseconds from the start of the stream
 * @param bgr the pixels, owned by the caller
 */
public record VideoFrame(long index, long timestampMicros, Mat bgr) {

  public int width() {
    return bgr.cols();
  }

  public int height() {
    return bgr.rows();
  }
}
