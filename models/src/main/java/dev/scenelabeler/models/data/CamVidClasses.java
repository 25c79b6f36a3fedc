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
 * README) become {@link LabelSet#SCENE6} classes. Training and evaluation on CamVid label with this
 * set, so a model trained here carries it.
 */
public final class CamVidClasses {

  /** The label set CamVid maps to. */
  public static final LabelSet LABEL_SET = LabelSet.SCENE6;

  /**
   * A training-only label value: CamVid's Bicyclist (rider and bicycle), which the label set calls
   * "other". Kept apart so the loss can weigh it on its own: a rider looks like a pedestrian, and
   * among the 6-class model's false pedestrians on val, 70,415 of 120,325 pixels were bicyclists.
   * The network still has the label set's classes; this value trains its "other".
   */
  public static final int RIDER = LABEL_SET.size();

  /** Label values in training label maps: the label set's classes, then {@link #RIDER}. */
  public static final int TRAINING_LABELS = LABEL_SET.size() + 1;

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

  /**
   * Maps a CamVid label value to a class of {@link #LABEL_SET}, or {@link LabelSet#VOID} for
   * Unlabelled and unknown values.
   */
  public static int fromCamVid(int camVidValue) {
    return camVidValue >= 0 && camVidValue < FROM_CAMVID.length ? FROM_CAMVID[camVidValue] : VOID;
  }

  /** The class of each training label value: itself, and "other" for {@link #RIDER}. */
  public static int[] trainingLabelClasses() {
    int[] classes = new int[TRAINING_LABELS];
    for (int v = 0; v < LABEL_SET.size(); v++) {
      classes[v] = v;
    }
    classes[RIDER] = OTHER;
    return classes;
  }

  /** As {@link #lookupTable()}, with Bicyclist (10) as {@link #RIDER}. */
  public static byte[] trainingLookupTable() {
    byte[] table = lookupTable();
    table[10] = (byte) RIDER;
    return table;
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
