/**
 * Video in and out over FFmpeg (JavaCV) and OpenCV.
 *
 * <p>In: {@link dev.scenelabeler.connectors.video.FrameSource#open} reads a video file (MP4/H.264,
 * MKV, AVI/MJPEG, anything FFmpeg demuxes) or a folder of images in name order, with {@link
 * dev.scenelabeler.connectors.video.FrameSourceOptions} for {@code --every N}, {@code --fps F} and
 * resizing. Each {@link dev.scenelabeler.connectors.video.VideoFrame} carries its source index,
 * presentation timestamp (microseconds) and a BGR {@code org.opencv.core.Mat} <b>owned by the
 * caller</b> (one copy per delivered frame; valid after later frames and after close; release it
 * when done).
 *
 * <p>Out: {@link dev.scenelabeler.connectors.video.MaskPngWriter} (8-bit class-index PNG per
 * frame), {@link dev.scenelabeler.connectors.video.OverlayVideoWriter} (MP4/H.264 blend of frame
 * and palette colours) and {@link dev.scenelabeler.connectors.video.StatsJsonLinesWriter}.
 *
 * <p>Errors are {@link dev.scenelabeler.connectors.video.VideoException}s naming the file: {@code
 * UnreadableVideoException} (cannot open), {@code CorruptVideoException} (frame N and later cannot
 * be decoded; frames before N were delivered), {@code VideoWriteException}.
 */
package dev.scenelabeler.connectors.video;
