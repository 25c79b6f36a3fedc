package dev.scenelabeler.models;

import java.util.List;

/**
 * The project's label set: six classes in a fixed order, one palette, and the mapping from
 * CamVid's 11 classes. Coded once here; everything that draws or counts labels reads it.
 */
public final class LabelSet {

  /** Identifies this label set (names, order and palette) in records and model files. */
  public static final String ID = "scene6-v1";

  public static final int SKY = 0;
  public static final int TREE = 1;
  public static final int ROAD = 2;
  public static final int BUILDING = 3;
  public static final int PEDESTRIAN = 4;
  public static final int OTHER = 5;
  public static final int NUM_CLASSES = 6;
  /** The five classes the user named; mean IoU "over the named classes" averages these. */
  public static final int NUM_NAMED_CLASSES = 5;

  /** Pixels that carry no label; ignored by training and evaluation. */
  public static final int VOID = 255;

  private static final List<String> NAMES =
      List.of("sky", "tree", "road", "building", "pedestrian", "other");

  /** Palette as 0xRRGGBB, index = class. Chosen to read well over video and to colour-blind eyes. */
  private static final int[] PALETTE_RGB = {
    0x4A90E2, // sky: blue
    0x2E8B3A, // tree: green
    0x8C8C8C, // road: grey
    0xC0504D, // building: brick red
    0xFFD700, // pedestrian: yellow
    0x8E44AD, // other: purple
  };

  /** CamVid (SegNet 11-class + Unlabelled) value -> project class, index = CamVid value. */
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

  private LabelSet() {}

  public static List<String> names() {
    return NAMES;
  }

  public static String name(int classIndex) {
    return NAMES.get(classIndex);
  }

  /** Colour of a class as 0xRRGGBB. */
  public static int rgb(int classIndex) {
    return PALETTE_RGB[classIndex];
  }

  /** A copy of the palette as 0xRRGGBB per class. */
  public static int[] paletteRgb() {
    return PALETTE_RGB.clone();
  }

  /** Maps a CamVid label value to the project's class, or {@link #VOID} for Unlabelled and unknown values. */
  public static int fromCamVid(int camVidValue) {
    return camVidValue >= 0 && camVidValue < FROM_CAMVID.length ? FROM_CAMVID[camVidValue] : VOID;
  }

  /** A 256-entry lookup table from CamVid values to project classes, for OpenCV's LUT. */
  public static byte[] camVidLookupTable() {
    byte[] table = new byte[256];
    for (int v = 0; v < 256; v++) {
      table[v] = (byte) fromCamVid(v);
    }
    return table;
  }
}
