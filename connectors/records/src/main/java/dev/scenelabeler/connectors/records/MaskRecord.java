package dev.scenelabeler.connectors.records;

import java.util.Arrays;
import java.util.Objects;

/**
 * The label mask of one frame on the {@code masks} topic; key = camera id (UTF-8). The mask travels
 * as a lossless 8-bit class-index PNG ({@link #maskPng}); {@link #classIndices()} decodes it. Build
 * one from plain data with {@link #builder()}. Byte layout in docs/FORMATS.md and {@link
 * MaskRecordFormat}.
 *
 * @param cameraId the camera of the labelled frame
 * @param sequence the labelled frame's sequence number
 * @param captureTimestampMs when the frame was taken, epoch ms
 * @param labeledTimestampMs when the labeler finished the mask, epoch ms
 * @param modelId the model that made the mask (e.g. "farabet2013")
 * @param modelVersion that model's version
 * @param labelSet what each class index means and its colour
 * @param width mask width = frame width
 * @param height mask height = frame height
 * @param maskPng 8-bit greyscale PNG, pixel = class index
 * @param classFractions fraction of the pixels of each class, one per class of the label set
 * @param meanConfidence mean over pixels of the winning class's probability, 0..1
 */
public record MaskRecord(
    String cameraId,
    long sequence,
    long captureTimestampMs,
    long labeledTimestampMs,
    String modelId,
    String modelVersion,
    LabelSetDescriptor labelSet,
    int width,
    int height,
    byte[] maskPng,
    float[] classFractions,
    float meanConfidence) {

  public MaskRecord {
    FrameRecord.checkCameraId(cameraId);
    Objects.requireNonNull(modelId, "modelId");
    Objects.requireNonNull(modelVersion, "modelVersion");
    Objects.requireNonNull(labelSet, "labelSet");
    Objects.requireNonNull(maskPng, "maskPng");
    Objects.requireNonNull(classFractions, "classFractions");
    FrameRecord.checkDimension("width", width);
    FrameRecord.checkDimension("height", height);
    if (classFractions.length != labelSet.classCount()) {
      throw new IllegalArgumentException(
          classFractions.length
              + " class fractions for "
              + labelSet.classCount()
              + " classes of "
              + labelSet.id());
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Decodes the mask PNG: row-major class indices, {@code width * height} bytes. */
  public byte[] classIndices() {
    return MaskPng.decode(maskPng, width, height);
  }

  /** Milliseconds from capture to label. */
  public long latencyMs() {
    return labeledTimestampMs - captureTimestampMs;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskRecord other
        && cameraId.equals(other.cameraId)
        && sequence == other.sequence
        && captureTimestampMs == other.captureTimestampMs
        && labeledTimestampMs == other.labeledTimestampMs
        && modelId.equals(other.modelId)
        && modelVersion.equals(other.modelVersion)
        && labelSet.equals(other.labelSet)
        && width == other.width
        && height == other.height
        && Arrays.equals(maskPng, other.maskPng)
        && Arrays.equals(classFractions, other.classFractions)
        && Float.compare(meanConfidence, other.meanConfidence) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(
                cameraId,
                sequence,
                captureTimestampMs,
                labeledTimestampMs,
                modelId,
                modelVersion,
                labelSet,
                width,
                height,
                meanConfidence)
            * 31
        + Arrays.hashCode(maskPng) * 17
        + Arrays.hashCode(classFractions);
  }

  @Override
  public String toString() {
    return "MaskRecord["
        + cameraId
        + " #"
        + sequence
        + " captured "
        + captureTimestampMs
        + " labeled "
        + labeledTimestampMs
        + " by "
        + modelId
        + ":"
        + modelVersion
        + " "
        + labelSet
        + " "
        + width
        + "x"
        + height
        + ", png "
        + maskPng.length
        + " bytes, fractions "
        + Arrays.toString(classFractions)
        + ", confidence "
        + meanConfidence
        + "]";
  }

  /**
   * Builds a mask record from plain data; the class indices are PNG-encoded in {@link #build()}.
   * Class fractions are counted from the indices unless given.
   */
  public static final class Builder {
    private String cameraId;
    private Long sequence;
    private Long captureTimestampMs;
    private Long labeledTimestampMs;
    private String modelId;
    private String modelVersion;
    private LabelSetDescriptor labelSet;
    private int width;
    private int height;
    private byte[] classIndices;
    private float[] classFractions;
    private Float meanConfidence;

    private Builder() {}

    /** Camera, sequence and capture time of the labelled frame. */
    public Builder setFrame(String cameraId, long sequence, long captureTimestampMs) {
      this.cameraId = cameraId;
      this.sequence = sequence;
      this.captureTimestampMs = captureTimestampMs;
      return this;
    }

    public Builder setFrame(FrameRecord frame) {
      return setFrame(frame.cameraId(), frame.sequence(), frame.captureTimestampMs());
    }

    public Builder setLabeledTimestampMs(long labeledTimestampMs) {
      this.labeledTimestampMs = labeledTimestampMs;
      return this;
    }

    public Builder setModel(String modelId, String modelVersion) {
      this.modelId = modelId;
      this.modelVersion = modelVersion;
      return this;
    }

    public Builder setLabelSet(LabelSetDescriptor labelSet) {
      this.labelSet = labelSet;
      return this;
    }

    /** Row-major class indices, {@code width * height} of them; not copied. */
    public Builder setClassIndices(int width, int height, byte[] classIndices) {
      this.width = width;
      this.height = height;
      this.classIndices = classIndices;
      return this;
    }

    public Builder setMeanConfidence(float meanConfidence) {
      this.meanConfidence = meanConfidence;
      return this;
    }

    /** Fractions the labeler already computed; counted from the indices otherwise. */
    public Builder optClassFractions(float[] classFractions) {
      this.classFractions = classFractions;
      return this;
    }

    public MaskRecord build() {
      require(cameraId, "setFrame");
      require(labeledTimestampMs, "setLabeledTimestampMs");
      require(modelId, "setModel");
      require(labelSet, "setLabelSet");
      require(classIndices, "setClassIndices");
      require(meanConfidence, "setMeanConfidence");
      float[] fractions =
          classFractions != null
              ? classFractions.clone()
              : countFractions(classIndices, labelSet.classCount());
      return new MaskRecord(
          cameraId,
          sequence,
          captureTimestampMs,
          labeledTimestampMs,
          modelId,
          modelVersion,
          labelSet,
          width,
          height,
          MaskPng.encode(width, height, classIndices),
          fractions,
          meanConfidence);
    }

    private static void require(Object value, String setter) {
      if (value == null) {
        throw new IllegalStateException("MaskRecord.Builder: call " + setter + " before build()");
      }
    }

    /**
     * Pixels of each class / all pixels; indices outside the label set (void) count in the total
     * only.
     */
    static float[] countFractions(byte[] classIndices, int classCount) {
      long[] counts = new long[256];
      for (byte b : classIndices) {
        counts[b & 0xFF]++;
      }
      float[] fractions = new float[classCount];
      for (int c = 0; c < classCount; c++) {
        fractions[c] = classIndices.length == 0 ? 0f : (float) counts[c] / classIndices.length;
      }
      return fractions;
    }
  }
}
