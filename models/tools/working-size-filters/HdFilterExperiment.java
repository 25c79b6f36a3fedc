package dev.scenelabeler.models;

import java.nio.ByteBuffer;
import ai.djl.ndarray.*; import ai.djl.ndarray.types.*; import ai.djl.inference.Predictor;
import java.util.*;
import org.opencv.core.*;
import org.opencv.imgcodecs.Imgcodecs;
import org.opencv.imgproc.Imgproc;
/** PandaSet 1080p frames labeled at 640x360 with each downscale filter: flicker between frames, agreement with a 1280x720 labeling. */
public class HdFilterExperiment {
  static Predictor<NDList, NDList> raw; static NDManager mgr;
  static byte[] label(Mat img, int w, int h, String filter, int outW, int outH) throws Exception {
    Mat small = new Mat(); double factor = img.cols() / (double) w;
    switch (filter) {
      case "linear" -> Imgproc.resize(img, small, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR);
      case "area" -> Imgproc.resize(img, small, new Size(w, h), 0, 0, Imgproc.INTER_AREA);
      default -> { Mat blur = new Mat(); Imgproc.GaussianBlur(img, blur, new Size(0, 0), Math.max(0.01, (factor - 1) / 2));
        Imgproc.resize(blur, small, new Size(w, h), 0, 0, Imgproc.INTER_LINEAR); blur.release(); }
    }
    byte[] px = new byte[w * h * 3]; small.get(0, 0, px); small.release();
    try (NDManager sub = mgr.newSubManager()) {
      NDArray in = sub.create(ByteBuffer.wrap(px), new Shape(1, h, w, 3), DataType.UINT8); in.setName("image");
      NDList out = raw.predict(new NDList(in)); NDArray sc = out.get("scores");
      byte[] r = ScoreResize.argMaxResized(sc.toFloatArray(), 0, 6, (int) sc.getShape().get(3), (int) sc.getShape().get(2), outW, outH);
      out.close(); return r;
    }
  }
  static double same(byte[] a, byte[] b) { int s = 0; for (int i = 0; i < a.length; i++) s += a[i] == b[i] ? 1 : 0; return s / (double) a.length; }
  public static void main(String[] a) throws Exception {
    OpenCv.load();
    String[] filters = {"linear", "area", "gauss+linear"};
    try (SceneModel m = SceneModel.loadDefault(DeviceSpec.cpu())) {
      raw = m.newRawPredictor(); mgr = NDManager.newBaseManager("OnnxRuntime");
      double[] agree = new double[3], flicker = new double[3]; byte[][] prev = new byte[3][]; int n = 0;
      for (int f = 0; f < 80; f++) {
        Mat img = Imgcodecs.imread(String.format("/work/shared/real-video/pandaset-002-front-1920x1080/%02d.jpg", f));
        byte[] ref = label(img, 1280, 720, "area", 960, 540);
        for (int k = 0; k < 3; k++) {
          byte[] mask = label(img, 640, 360, filters[k], 960, 540);
          agree[k] += same(mask, ref);
          if (prev[k] != null) flicker[k] += 1 - same(mask, prev[k]);
          prev[k] = mask;
        }
        n++; img.release();
      }
      for (int k = 0; k < 3; k++) System.out.printf("%-13s agreement with 1280x720 labeling %.2f%%, pixels changing class frame to frame %.2f%%%n",
          filters[k], 100 * agree[k] / n, 100 * flicker[k] / (n - 1));
    }
  }
}
