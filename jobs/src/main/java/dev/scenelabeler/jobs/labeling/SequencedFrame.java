package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.models.temporal.FramePosition;
import org.opencv.core.Mat;

/**
 * A decoded frame with its camera and its place in the camera's sequence, as the temporal filter
 * needs it.
 *
 * @param bgr the frame, 8-bit BGR; the caller's
 * @param camera whose frame it is (a camera id, or a video in the batch job)
 * @param position its sequence number and capture time
 */
public record SequencedFrame(Mat bgr, String camera, FramePosition position) {}
