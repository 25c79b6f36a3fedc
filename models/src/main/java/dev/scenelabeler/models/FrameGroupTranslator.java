package dev.scenelabeler.models;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;

/**
 * What every engine's translator does the same way: the group's frames go in as one batch the group
 * builds itself, and the group rides along in the context for the engine's own output step.
 */
abstract class FrameGroupTranslator implements Translator<FrameGroup, List<SceneMask>> {

  private static final String GROUP = "frameGroup";

  @Override
  public final NDList processInput(TranslatorContext ctx, FrameGroup group) {
    ctx.setAttachment(GROUP, group);
    return new NDList(group.toInput(ctx.getNDManager()));
  }

  /** The group {@link #processInput} was given. */
  static FrameGroup group(TranslatorContext ctx) {
    return (FrameGroup) ctx.getAttachment(GROUP);
  }

  @Override
  public final Batchifier getBatchifier() {
    return null; // FrameGroup builds the batch itself
  }
}
