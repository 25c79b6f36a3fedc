package dev.scenelabeler.connectors.video;

import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * What a source says about itself, before sampling and resizing.
 *
 * @param source the file or folder
 * @param format container or kind, e.g. {@code mov,mp4,m4a,3gp,3g2,mj2}, {@code matroska,webm},
 *     {@code avi}, or {@code image-folder}
 * @param frameRate frames per second of the stream (the configured rate for an image folder)
 * @param width stored frame width in pixels
 * @param height stored frame height in pixels
 * @param frameCount number of frames where the container states it exactly (MP4, AVI, image
 *     folder); empty where it would only be an estimate (e.g. Matroska)
 */
public record VideoInfo(
    Path source, String format, double frameRate, int width, int height, OptionalLong frameCount) {}
