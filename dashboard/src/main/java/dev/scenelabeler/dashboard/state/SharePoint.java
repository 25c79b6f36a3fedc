package dev.scenelabeler.dashboard.state;

/**
 * Mean class shares of the masks that arrived in one second.
 *
 * @param epochSecond the second, as seconds since the epoch
 * @param shares mean fraction of pixels per class, index = class
 * @param masks how many masks were averaged
 */
public record SharePoint(long epochSecond, float[] shares, int masks) {}
