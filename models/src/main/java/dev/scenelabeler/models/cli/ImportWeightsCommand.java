package dev.scenelabeler.models.cli;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.scenelabeler.models.net.MobileFusionNet;
import dev.scenelabeler.models.pretrained.KerasMobileNetV2Import;
import dev.scenelabeler.models.pretrained.PretrainedEncoder;
import dev.scenelabeler.models.pretrained.TfjsWeights;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "import-weights",
    mixinStandardHelpOptions = true,
    description = {
      "Imports a Keras MobileNetV2 stored as a TF.js model (model.json + shards) into the encoder "
          + "of the "
          + MobileFusionNet.NAME
          + " network, by layer name, and writes DJL parameters that "
          + "'train --pretrained FILE' starts from.",
      "The npm package nsfwjs ships one (MIT): npm pack nsfwjs@4.4.0, then "
          + "node models/tools/unwrap-nsfwjs.js package/dist/models/mobilenet_v2 DIR.",
      "Example: ./scene-labeler import-weights --tfjs DIR --out"
          + " models/pretrained/mobilenetv2-imagenet.params"
    })
public final class ImportWeightsCommand implements Callable<Integer> {

  @Option(
      names = "--tfjs",
      required = true,
      description = "TF.js model directory (model.json + weight shards)")
  Path tfjs;

  @Option(names = "--out", required = true, description = "DJL parameter file to write")
  Path out;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "seed of the (unused) head's initialisation")
  int seed;

  @Override
  public Integer call() throws Exception {
    TfjsWeights weights = TfjsWeights.read(tfjs);
    System.out.println("Read " + tfjs + ": " + weights);
    MobileFusionNet net = new MobileFusionNet(PretrainedEncoder.FILE_HEAD_CLASSES);
    try (Model model = Model.newInstance("import", Device.cpu(), "PyTorch")) {
      model.setBlock(net);
      Engine.getEngine("PyTorch").setRandomSeed(seed);
      net.initialize(model.getNDManager(), DataType.FLOAT32, new Shape(1, 360, 480, 3));
      int copied = KerasMobileNetV2Import.copyInto(net, weights);
      if (out.toAbsolutePath().getParent() != null) {
        Files.createDirectories(out.toAbsolutePath().getParent());
      }
      try (OutputStream file = Files.newOutputStream(out);
          DataOutputStream data = new DataOutputStream(new BufferedOutputStream(file))) {
        net.saveParameters(data);
      }
      System.out.printf(
          "Copied %d arrays (%d layers) into the encoder; wrote %s (%,d bytes)%n",
          copied, copied / 5, out, Files.size(out));
    }
    return 0;
  }
}
