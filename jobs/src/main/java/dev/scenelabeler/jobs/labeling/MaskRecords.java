package dev.scenelabeler.jobs.labeling;

import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.models.ModelInfo;
import dev.scenelabeler.models.SceneMask;
import java.util.Objects;

/**
 * The one place a labeled frame becomes a {@link MaskRecord}, for the streaming job and for {@code
 * label-video --to-kafka} alike: the model's identity and label set come from the same {@link
 * ModelInfo}, the capture time is epoch milliseconds (FORMATS.md), whoever labeled.
 */
public final class MaskRecords {

  private final ModelInfo model;
  private final LabelSetDescriptor labelSet;

  public MaskRecords(ModelInfo model) {
    this.model = Objects.requireNonNull(model, "model");
    this.labelSet =
        new LabelSetDescriptor(model.labelSetId(), model.classNames(), model.paletteRgb());
  }

  /**
   * @param captureTimestampMs when the frame was captured, epoch ms (not a position in a video)
   * @param labeledTimestampMs when the mask was made, epoch ms
   */
  public MaskRecord of(
      String cameraId,
      long sequence,
      long captureTimestampMs,
      SceneMask mask,
      long labeledTimestampMs) {
    return MaskRecord.builder()
        .setFrame(cameraId, sequence, captureTimestampMs)
        .setLabeledTimestampMs(labeledTimestampMs)
        .setModel(model.modelId(), model.modelVersion())
        .setLabelSet(labelSet)
        .setClassIndices(mask.width(), mask.height(), mask.classes())
        .optClassFractions(mask.classFractions())
        .setMeanConfidence(mask.meanConfidence())
        .build();
  }
}
