package dev.scenelabeler.models;

import java.nio.ByteBuffer;
import ai.djl.ndarray.*; import ai.djl.ndarray.types.*; import ai.djl.inference.Predictor;
import dev.scenelabeler.models.data.CamVidSplit;
import dev.scenelabeler.models.eval.ConfusionMatrix;
import java.nio.file.Path;
import java.util.*;
import org.opencv.core.*;
import org.opencv.imgproc.Imgproc;
/** CamVid val shrunk to smaller working sizes by each filter; scores resized back to 480x360 as production does. */
public class FilterExperiment {
  public static void main(String[] a) throws Exception {
    OpenCv.load();
    CamVidSplit val = CamVidSplit.read(Path.of("/work/shared/camvid"), "val", 1);
    int[][] sizes = {{320, 240}, {240, 176}, {160, 120}};
    String[] filters = {"linear", "area", "gauss+linear"};
    try (SceneModel m = SceneModel.loadDefault(DeviceSpec.cpu()); Predictor<NDList, NDList> raw = m.newRawPredictor();
         NDManager mgr = NDManager.newBaseManager("OnnxRuntime")) {
      for (int[] size : sizes) {
        for (String filter : filters) {
          ConfusionMatrix cm = new ConfusionMatrix(LabelSet.SCENE6);
          for (CamVidSplit.Sample s : val.samples()) {
            Mat img = s.image(); Mat small = new Mat();
            double factor = img.cols() / (double) size[0];
            switch (filter) {
              case "linear" -> Imgproc.resize(img, small, new Size(size[0], size[1]), 0, 0, Imgproc.INTER_LINEAR);
              case "area" -> Imgproc.resize(img, small, new Size(size[0], size[1]), 0, 0, Imgproc.INTER_AREA);
              default -> { Mat blur = new Mat(); double sigma = Math.max(0.01, (factor - 1) / 2);
                Imgproc.GaussianBlur(img, blur, new Size(0, 0), sigma); Imgproc.resize(blur, small, new Size(size[0], size[1]), 0, 0, Imgproc.INTER_LINEAR); blur.release(); }
            }
            byte[] px = new byte[size[0] * size[1] * 3]; small.get(0, 0, px); small.release();
            try (NDManager sub = mgr.newSubManager()) {
              NDArray in = sub.create(ByteBuffer.wrap(px), new Shape(1, size[1], size[0], 3), DataType.UINT8); in.setName("image");
              NDList out = raw.predict(new NDList(in));
              NDArray sc = out.get("scores");
              byte[] pred = ScoreResize.argMaxResized(sc.toFloatArray(), 0, 6, (int) sc.getShape().get(3), (int) sc.getShape().get(2), img.cols(), img.rows());
              out.close();
              byte[] truth = new byte[(int) s.labels().total()]; s.labels().get(0, 0, truth);
              cm.add(truth, pred);
            }
          }
          System.out.printf("working %dx%d (shrink %.2fx) %-13s mIoU(5) %.2f  pedestrian %.2f  pixel acc %.2f%n", size[0], size[1],
              480.0 / size[0], filter, 100 * cm.meanIouNamed(), 100 * cm.iou(4), 100 * cm.pixelAccuracy());
        }
      }
    }
  }
}
