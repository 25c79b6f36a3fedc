package dev.scenelabeler.dashboard.feed;

/**
 * A camera frame as the dashboard needs it: who, which, when, and an image a browser can show.
 *
 * @param camera camera id, the key that groups the page into cards
 * @param sequence frame number within the camera; frames and masks are matched on (camera,
 *     sequence)
 * @param recordTimestampMs the Kafka record timestamp of the frame (when it entered Kafka)
 * @param image encoded image bytes a browser decodes natively (JPEG or PNG)
 * @param imageMime media type of {@code image}, e.g. {@code image/jpeg}
 */
public record FrameUpdate(
    String camera, long sequence, long recordTimestampMs, byte[] image, String imageMime) {}
