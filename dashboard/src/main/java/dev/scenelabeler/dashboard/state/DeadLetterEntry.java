package dev.scenelabeler.dashboard.state;

/**
 * A dead letter as the page lists it.
 *
 * @param atMs when the dashboard read it
 * @param camera the camera it came from, or empty when unknown
 * @param stage where the pipeline rejected it
 * @param reason why
 */
public record DeadLetterEntry(long atMs, String camera, String stage, String reason) {}
