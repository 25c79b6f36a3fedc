package dev.scenelabeler.models.pretrained;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.net.Networks;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Starts a network's encoder from pretrained weights: a DJL parameter file of a whole {@link
 * MobileFusionNet} (as {@code import-weights} writes it) of which only the encoder's arrays are
 * copied; the fusion head keeps the trainer's fresh initialisation.
 */
public final class PretrainedEncoder {

  /**
   * The pretrained file holds a whole network (so DJL can read it) with a head of this many
   * classes; only the encoder is read from it, so any label set can start from it.
   */
  public static final int FILE_HEAD_CLASSES = 6;

  /**
   * Parameter names of the encoder: children Conv1, expanded_conv and block_N (DJL prefixes a
   * 2-digit index).
   */
  private static final Pattern ENCODER = Pattern.compile("\\d+(Conv1|expanded_conv|block_\\d+)_.*");

  private PretrainedEncoder() {}

  public static boolean isEncoderParameter(String name) {
    return ENCODER.matcher(name).matches();
  }

  /**
   * Copies the encoder arrays of {@code file} into {@code net}'s own arrays (which the trainer
   * holds).
   *
   * @return the number of arrays copied
   * @throws IOException when the file is missing or unreadable, or not of this network
   */
  public static int loadInto(AbstractBlock net, String network, Path file) throws IOException {
    if (!Networks.isSecondGeneration(network)) {
      throw new IOException(
          "pretrained weights are for " + MobileFusionNet.NAME + ", not " + network);
    }
    AbstractBlock saved = Networks.create(network, FILE_HEAD_CLASSES);
    NDArray any = net.getParameters().get(0).getValue().getArray();
    try (NDManager manager = NDManager.newBaseManager(any.getDevice());
        InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
      saved.loadParameters(manager, new DataInputStream(in));
      int copied = 0;
      var source = saved.getParameters();
      for (var entry : net.getParameters()) {
        if (!isEncoderParameter(entry.getKey())) {
          continue;
        }
        Parameter from = source.get(entry.getKey());
        NDArray target = entry.getValue().getArray();
        if (from == null || !from.getArray().getShape().equals(target.getShape())) {
          throw new IOException(
              file + ": parameter " + entry.getKey() + " is missing or has another shape");
        }
        from.getArray().copyTo(target);
        copied++;
      }
      return copied;
    } catch (MalformedModelException e) {
      throw new IOException(
          file + " holds no readable " + network + " parameters: " + e.getMessage(), e);
    }
  }
}
