package dev.scenelabeler.dashboard.feed;

import java.util.Optional;

/**
 * A record the pipeline could not process.
 *
 * @param camera the camera it came from, when the dead letter names one
 * @param stage where the pipeline rejected it (e.g. {@code decode-image}), or {@code unknown} when
 *     its headers are unreadable
 * @param reason why it was rejected, as the pipeline wrote it
 */
public record DeadLetterUpdate(Optional<String> camera, String stage, String reason) {}
