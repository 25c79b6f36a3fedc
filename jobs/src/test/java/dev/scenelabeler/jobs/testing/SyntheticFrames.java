package dev.scenelabeler.jobs.testing;

import dev.scenelabeler.connectors.records.FrameRecord;
import dev.scenelabeler.connectors.records.FrameRecordFormat;
import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.models.OpenCv;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * Deterministic frames keyed by (camera, sequence): the same key always gives the same pixels, so
 * any failure reproduces. PNG-encoded, so decoding gives back exactly these pixels.
 */
public final class SyntheticFrames {

  public static final int WIDTH = 64;
  public static final int HEIGHT = 48;

  /** Capture time of sequence 0; sequence n is n * 66 ms later (15 fps). */
  public static final long EPOCH_MS = 1_700_000_000_000L;

  private SyntheticFrames() {}

  public static long captureMs(long sequence) {
    return EPOCH_MS + sequence * 66;
  }

  /** BGR pixels of frame {@code sequence} of {@code camera}, row-major. */
  public static byte[] pixels(String camera, long sequence, int width, int height) {
    int cameraShift = Math.floorMod(camera.hashCode(), 97);
    byte[] bgr = new byte[width * height * 3];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int i = (y * width + x) * 3;
        bgr[i] = (byte) ((x * 4 + sequence * 7) & 0xFF);
        bgr[i + 1] = (byte) ((y * 5 + cameraShift) & 0xFF);
        bgr[i + 2] = (byte) ((x + y + sequence * 13) & 0xFF);
      }
    }
    return bgr;
  }

  public static Mat mat(String camera, long sequence, int width, int height) {
    OpenCv.load();
    Mat mat = new Mat(height, width, CvType.CV_8UC3);
    mat.put(0, 0, pixels(camera, sequence, width, height));
    return mat;
  }

  public static byte[] png(String camera, long sequence, int width, int height) {
    Mat mat = mat(camera, sequence, width, height);
    MatOfByte out = new MatOfByte();
    try {
      Imgcodecs.imencode(".png", mat, out);
      return out.toArray();
    } finally {
      mat.release();
      out.release();
    }
  }

  public static FrameRecord frame(String camera, long sequence) {
    return frame(camera, sequence, WIDTH, HEIGHT);
  }

  public static FrameRecord frame(String camera, long sequence, int width, int height) {
    return new FrameRecord(
        camera,
        sequence,
        captureMs(sequence),
        ImageEncoding.PNG,
        width,
        height,
        png(camera, sequence, width, height));
  }

  public static byte[] value(FrameRecord frame) {
    return FrameRecordFormat.INSTANCE.write(frame, RecordLimits.DEFAULTS);
  }

  /** As the Kafka source would deliver it, at offset = sequence of partition 0. */
  public static RawRecord raw(FrameRecord frame) {
    return raw(frame.cameraId(), frame.sequence(), value(frame));
  }

  public static RawRecord raw(String camera, long offset, byte[] value) {
    return new RawRecord(
        "frames",
        0,
        offset,
        captureMs(offset),
        camera.getBytes(StandardCharsets.UTF_8),
        value,
        List.of());
  }
}
