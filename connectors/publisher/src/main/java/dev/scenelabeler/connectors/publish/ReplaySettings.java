package dev.scenelabeler.connectors.publish;

import dev.scenelabeler.connectors.records.ImageEncoding;
import dev.scenelabeler.connectors.video.FrameSourceOptions;

/**
 * How each camera's source is replayed: pace, passes, image encoding, sampling and the frame limit.
 * Checked by {@link FramePublisher.Builder}.
 *
 * @param maxFramesPerCamera counting all passes with {@code loop}
 */
record ReplaySettings(
    PublishRate rate,
    boolean loop,
    ImageEncoding encoding,
    int jpegQuality,
    FrameSourceOptions sourceOptions,
    long maxFramesPerCamera) {}
