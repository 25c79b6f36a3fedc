package dev.scenelabeler.models;

import java.io.Serializable;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The classes a model labels: names in index order, a palette, and how many leading classes the
 * user named (mean IoU "over the named classes" averages those; the rest are catch-alls such as
 * "other"). A label set is data: each model carries its own in {@code model.json}, and everything
 * that draws or counts labels asks the loaded model for it ({@link ModelInfo#labelSet()}).
 *
 * <p>{@link #SCENE6} is the set the committed models label with (the one CamVid is mapped to); the
 * {@code SKY} ... {@code OTHER} constants are its class indexes.
 *
 * @param id identifies names, order and palette in records and model files, e.g. {@code scene6-v1}
 * @param names class names, index = class; 1 to 255 classes (a mask stores a class in one byte and
 *     255 is {@link #VOID})
 * @param paletteRgb one colour per class as 0xRRGGBB
 * @param namedClasses how many leading classes the mean IoU over named classes covers, 1..size
 */
public record LabelSet(String id, List<String> names, int[] paletteRgb, int namedClasses)
    implements Serializable {

  public static final int SKY = 0;
  public static final int TREE = 1;
  public static final int ROAD = 2;
  public static final int BUILDING = 3;
  public static final int PEDESTRIAN = 4;
  public static final int OTHER = 5;

  /** Pixels that carry no label; ignored by training and evaluation. Never a class index. */
  public static final int VOID = 255;

  /**
   * Sky, tree, road, building, pedestrian and other; palette chosen to read well over video and to
   * colour-blind eyes.
   */
  public static final LabelSet SCENE6 =
      new LabelSet(
          "scene6-v1",
          List.of("sky", "tree", "road", "building", "pedestrian", "other"),
          new int[] {
            0x4A90E2, // sky: blue
            0x2E8B3A, // tree: green
            0x8C8C8C, // road: grey
            0xC0504D, // building: brick red
            0xFFD700, // pedestrian: yellow
            0x8E44AD, // other: purple
          },
          5);

  /**
   * @throws IllegalArgumentException naming what is inconsistent
   */
  public LabelSet {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("label set has no id");
    }
    if (names == null || names.isEmpty() || names.size() >= VOID) {
      throw new IllegalArgumentException(
          "label set "
              + id
              + " must have 1 to "
              + (VOID - 1)
              + " classes, has "
              + (names == null ? 0 : names.size()));
    }
    if (paletteRgb == null || paletteRgb.length != names.size()) {
      throw new IllegalArgumentException(
          "label set "
              + id
              + " has "
              + names.size()
              + " classes but "
              + (paletteRgb == null ? 0 : paletteRgb.length)
              + " palette colours");
    }
    if (namedClasses < 1 || namedClasses > names.size()) {
      throw new IllegalArgumentException(
          "label set "
              + id
              + " names "
              + namedClasses
              + " of its "
              + names.size()
              + " classes; expected 1.."
              + names.size());
    }
    names = List.copyOf(names);
    paletteRgb = paletteRgb.clone();
  }

  /**
   * A label set from its {@code model.json} form, palette as {@code #RRGGBB} strings.
   *
   * @throws IllegalArgumentException for a malformed colour or an inconsistent set
   */
  public static LabelSet fromHexPalette(
      String id, List<String> names, List<String> palette, int namedClasses) {
    int[] rgb = new int[palette == null ? 0 : palette.size()];
    for (int c = 0; c < rgb.length; c++) {
      String colour = palette.get(c);
      if (colour == null || !colour.matches("#[0-9A-Fa-f]{6}")) {
        throw new IllegalArgumentException(
            "label set " + id + ": palette entry " + c + " is '" + colour + "', expected #RRGGBB");
      }
      rgb[c] = Integer.parseInt(colour.substring(1), 16);
    }
    return new LabelSet(id, names, rgb, namedClasses);
  }

  /** The palette as {@code #RRGGBB} strings, the form {@code model.json} keeps. */
  public List<String> hexPalette() {
    return Arrays.stream(paletteRgb)
        .mapToObj(rgb -> String.format(Locale.ROOT, "#%06X", rgb))
        .toList();
  }

  public int size() {
    return names.size();
  }

  public String name(int classIndex) {
    return names.get(classIndex);
  }

  /** Colour of a class as 0xRRGGBB. */
  public int rgb(int classIndex) {
    return paletteRgb[classIndex];
  }

  /** A copy of the palette as 0xRRGGBB per class. */
  @Override
  public int[] paletteRgb() {
    return paletteRgb.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof LabelSet s
        && id.equals(s.id)
        && names.equals(s.names)
        && Arrays.equals(paletteRgb, s.paletteRgb)
        && namedClasses == s.namedClasses;
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + names.hashCode();
  }

  @Override
  public String toString() {
    return id + " " + names;
  }
}
