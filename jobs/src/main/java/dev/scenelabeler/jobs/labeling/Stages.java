package dev.scenelabeler.jobs.labeling;

/**
 * Where in the labeling operator a record was rejected; written to the dead letter's stage header.
 */
public final class Stages {
  /**
   * The value is not a well-formed frame record (empty, truncated, wrong magic or version, too
   * large).
   */
  public static final String PARSE_FRAME = "parse-frame";

  /** The record parsed but its image does not decode, or decodes to another size than it claims. */
  public static final String DECODE_IMAGE = "decode-image";

  /** The labeler refused the decoded image. */
  public static final String LABEL = "label";

  private Stages() {}
}
