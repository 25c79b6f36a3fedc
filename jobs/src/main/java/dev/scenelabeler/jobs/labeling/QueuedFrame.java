package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.FrameHeader;
import dev.scenelabeler.connectors.records.RawRecord;
import java.nio.ByteBuffer;

/**
 * A frame waiting for its camera's turn: the record as read (what a checkpoint and a dead letter
 * keep) and its parsed header. The image stays encoded inside the record's value, its one copy.
 * Compared by identity where it matters ({@link DecodeAhead}), never by value.
 */
record QueuedFrame(RawRecord raw, FrameHeader header, long queuedAtMs) {

  static final CameraQueues.Frames<QueuedFrame> FRAMES =
      CameraQueues.Frames.of(QueuedFrame::camera, QueuedFrame::captureMs);

  /** The camera, on which the record's key and value agree ({@link FrameIntake}). */
  String camera() {
    return header.cameraId();
  }

  long sequence() {
    return header.sequence();
  }

  long captureMs() {
    return header.captureTimestampMs();
  }

  /** The encoded image: a view of the record's value. */
  ByteBuffer image() {
    return header.image(raw.value());
  }
}
