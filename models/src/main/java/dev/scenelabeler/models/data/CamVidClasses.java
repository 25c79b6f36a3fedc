package dev.scenelabeler.models.data;

import static dev.scenelabeler.models.LabelSet.BUILDING;
import static dev.scenelabeler.models.LabelSet.OTHER;
import static dev.scenelabeler.models.LabelSet.PEDESTRIAN;
import static dev.scenelabeler.models.LabelSet.ROAD;
import static dev.scenelabeler.models.LabelSet.SKY;
import static dev.scenelabeler.models.LabelSet.TREE;
import static dev.scenelabeler.models.LabelSet.VOID;

import dev.scenelabeler.models.LabelSet;

/**
 * How CamVid's label maps (SegNet's 11 classes + Unlabelled, values 0..11; see the dataset's
 * README) become {@link LabelSet#SCENE6} classes. Training and evaluation on CamVid label with
 * this set, so a model trained here carries it.
 */
public final class CamVidClasses {

  /** The label set CamVid maps to. */
  public static final LabelSet LABEL_SET = LabelSet.SCENE6;

  /** CamVid value -> class, index = CamVid value. */
  private static final int[] FROM_CAMVID = {
    SKY, //  0 Sky
    BUILDING, //  1 Building
    OTHER, //  2 Pole
    ROAD, //  3 Road
    OTHER, //  4 Pavement
    TREE, //  5 Tree
    OTHER, //  6 SignSymbol
    OTHER, //  7 Fence
    OTHER, //  8 Car
    PEDESTRIAN, //  9 Pedestrian
    OTHER, // 10 Bicyclist
    VOID, // 11 Unlabelled
  };

  private CamVidClasses() {}

  /** Maps a CamVid label value to a class of {@link #LABEL_SET}, or {@link LabelSet#VOID} for Unlabelled and unknown values. */
  public static int fromCamVid(int camVidValue) {
    return camVidValue >= 0 && camVidValue < FROM_CAMVID.length ? FROM_CAMVID[camVidValue] : VOID;
  }

  /** A 256-entry lookup table from CamVid values to classes, for OpenCV's LUT. */
  public static byte[] lookupTable() {
    byte[] table = new byte[256];
    for (int v = 0; v < 256; v++) {
      table[v] = (byte) fromCamVid(v);
    }
    return table;
  }
}
