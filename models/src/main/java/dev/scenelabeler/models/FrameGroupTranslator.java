package dev.scenelabeler.models;

import ai.djl.ndarray.NDList;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import java.util.List;
import org.opencv.core.Mat;

/**
 * What every engine's translator does the same way: the group's frames go in as one batch the group
 * builds itself, and the group rides along in the context for the engine's own output step.
 *
 * @param <O> what each frame gives: a {@link SceneMask} or its {@link FrameScores}
 */
abstract class FrameGroupTranslator<O> implements Translator<FrameGroup, List<O>> {

  private static final String GROUP = "frameGroup";

  @Override
  public final NDList processInput(TranslatorContext ctx, FrameGroup group) {
    ctx.setAttachment(GROUP, group);
    return new NDList(group.toInput(ctx.getNDManager(), (i, input) -> inputReady(ctx, i, input)));
  }

  /**
   * Frame {@code frameIndex}'s network input (BGR at the working size), for a translator that needs
   * more of it than the network does; valid only during the call.
   */
  void inputReady(TranslatorContext ctx, int frameIndex, Mat workingSizeBgr) {}

  /** The group {@link #processInput} was given. */
  static FrameGroup group(TranslatorContext ctx) {
    return (FrameGroup) ctx.getAttachment(GROUP);
  }

  @Override
  public final Batchifier getBatchifier() {
    return null; // FrameGroup builds the batch itself
  }
}
