package dev.scenelabeler.dashboard.state;

import java.util.List;

/**
 * Everything but the images, sent once a second (and, with full chart history, to a new page).
 *
 * @param nowMs when it was taken
 * @param historySeconds how far back the chart reaches
 * @param brokerReachable whether the dashboard's last contact with the broker succeeded
 * @param brokerStatusSinceMs since when the broker has been in that state
 * @param consumerLag records on the dashboard's topics it has not read yet, or -1 while unknown
 * @param deadLetters dead letters seen since the dashboard started, all cameras
 * @param recentDeadLetters the latest of them, newest first, at most {@value
 *     DashboardState#DEAD_LETTERS_LISTED}
 * @param unreadableRecords records the dashboard could not decode
 * @param lastUnreadableReason why the last of them could not be decoded, or empty
 * @param cameras one entry per camera, in order of first appearance
 */
public record DashboardTick(
    long nowMs,
    int historySeconds,
    boolean brokerReachable,
    long brokerStatusSinceMs,
    long consumerLag,
    long deadLetters,
    List<DeadLetterEntry> recentDeadLetters,
    long unreadableRecords,
    String lastUnreadableReason,
    List<CameraMetrics> cameras) {}
