package dev.scenelabeler.dashboard.state;

import java.util.List;

/**
 * The numbers on one camera card.
 *
 * @param camera camera id
 * @param status freshness of the data
 * @param lastMaskAgoMs time since the last mask arrived, or -1 if none has
 * @param lastFrameAgoMs time since the last frame arrived, or -1 if none has
 * @param masksPerSecond labelled frames per second
 * @param framesPerSecond input frames per second
 * @param skippedPerSecond frames per second the live job skipped as too old to label
 * @param latency end-to-end latency, frame into Kafka to mask in Kafka
 * @param backlogFrames frames published but not yet labelled (latest frame sequence minus latest
 *     mask sequence), or -1 while unknown
 * @param deadLetters dead letters attributed to this camera since the dashboard started
 * @param meanConfidence mean confidence of the latest mask, or -1
 * @param classNames class names of the chart, in class order (from masks or stats; empty while none
 *     came)
 * @param palette class colours as {@code #rrggbb}, in class order (from masks; empty while none
 *     came)
 * @param sharePoints chart points: all kept ones in a snapshot, the newly closed ones in a tick
 */
public record CameraMetrics(
    String camera,
    CameraStatus status,
    long lastMaskAgoMs,
    long lastFrameAgoMs,
    double masksPerSecond,
    double framesPerSecond,
    double skippedPerSecond,
    LatencySummary latency,
    long backlogFrames,
    long deadLetters,
    double meanConfidence,
    List<String> classNames,
    List<String> palette,
    List<SharePoint> sharePoints) {}
