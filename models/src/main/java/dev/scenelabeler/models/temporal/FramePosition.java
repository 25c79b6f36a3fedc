package dev.scenelabeler.models.temporal;

/**
 * Where a frame stands in its camera's sequence: what a temporal filter needs to tell the next
 * frame from a restart, a late frame or a gap.
 *
 * @param sequence the camera's frame counter (a video's frame index), increasing frame to frame
 * @param captureMs when the frame was captured, in milliseconds on the camera's clock (epoch ms, or
 *     a video's presentation time)
 */
public record FramePosition(long sequence, long captureMs) {}
