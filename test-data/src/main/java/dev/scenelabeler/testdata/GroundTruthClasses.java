package dev.scenelabeler.testdata;

/**
 * The class indexes the ground-truth label maps use: those of the scene6-v1 label set the
 * committed models label with (sky, tree, road, building, pedestrian, other). Spelled out here so
 * that the generator needs nothing of the labeler; {@code GroundTruthClassesTest} checks them
 * against the models module's {@code LabelSet.SCENE6}.
 */
public final class GroundTruthClasses {

  public static final String LABEL_SET_ID = "scene6-v1";
  public static final int SKY = 0;
  public static final int TREE = 1;
  public static final int ROAD = 2;
  public static final int BUILDING = 3;
  public static final int PEDESTRIAN = 4;
  public static final int OTHER = 5;

  private GroundTruthClasses() {}
}
