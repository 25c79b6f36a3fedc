package dev.scenelabeler.dashboard.state;

import java.util.Map;

/**
 * Mean class shares of the masks that arrived in one second.
 *
 * @param epochSecond the second, as seconds since the epoch
 * @param shares mean fraction of pixels by class name (a class missing from a mask counts as 0 for
 *     it)
 * @param masks how many masks were averaged
 */
public record SharePoint(long epochSecond, Map<String, Float> shares, int masks) {

  public SharePoint {
    shares = Map.copyOf(shares);
  }
}
