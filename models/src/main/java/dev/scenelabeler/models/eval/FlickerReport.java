package dev.scenelabeler.models.eval;

/**
 * Flicker of a labeled video, as {@link Flicker} measures it. Shares are 0..1.
 *
 * @param frames frames measured
 * @param pairs consecutive frame pairs compared (frames - 1)
 * @param flicker mean over pairs of the share of reliable pixels whose class changes along the flow
 * @param reliableShare mean over pairs of the share of pixels passing the forward-backward check
 * @param rawChange mean over pairs of the share of pixels whose class differs at the same position
 * @param classFlicker per class of mask t, changed over reliable pixels pooled over all pairs (NaN
 *     where a class had no reliable pixel)
 * @param classReliablePixels per class, reliable pixels pooled over all pairs
 * @param classShares per class, its share of all mask pixels over every frame (how much of the clip
 *     it covers: a filter that erased a class would shrink it)
 */
public record FlickerReport(
    int frames,
    int pairs,
    double flicker,
    double reliableShare,
    double rawChange,
    double[] classFlicker,
    long[] classReliablePixels,
    double[] classShares) {}
