package dev.scenelabeler.testdata;

/**
 * The classes the ground-truth label maps paint, each stored as its {@link #index()}: those of the
 * scene6-v1 label set the committed models label with. Spelled out here so that the generator needs
 * nothing of the labeler; {@code GroundTruthClassTest} checks them against the models module's
 * {@code LabelSet.SCENE6}.
 */
public enum GroundTruthClass {
  SKY,
  TREE,
  ROAD,
  BUILDING,
  PEDESTRIAN,
  OTHER;

  public static final String LABEL_SET_ID = "scene6-v1";

  /** The pixel value of this class in a label map (its position in the label set). */
  public int index() {
    return ordinal();
  }
}
