package dev.scenelabeler.testdata;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A first-person street, ray cast per pixel: a pinhole camera 1.6 m above a straight road drives
 * forward between two rows of building facades, with trees and lamp posts on the pavements and
 * people walking along and across the street.
 *
 * <p>Every pixel's colour and its class come out of the same geometric test, so the label map is
 * exact for the rendered pixels (before any video compression). The scene is a pure function of the
 * frame index and the output size, so frames and labels reproduce bit for bit and the same scene
 * can be rendered at any resolution.
 */
final class StreetScene {

  static final double CAMERA_HEIGHT_M = 1.6;
  static final double SPEED_M_PER_S = 6.0;
  static final double ROAD_HALF_WIDTH_M = 4.0;
  static final double FACADE_X_M = 7.5;
  static final double BLOCK_LENGTH_M = 11.0;

  /** Ground and facades further than this are hazed into the sky colour near the horizon. */
  static final double FOG_DISTANCE_M = 140.0;

  private static final int HAZE = 0xB4C8DC;
  private static final long SEED = 20240611L;

  private final int width;
  private final int height;
  private final double fps;
  private final double focalPx;
  private final double centreX;
  private final double horizonY;
  private final List<Billboard> billboards;

  StreetScene(int width, int height, double fps) {
    this.width = width;
    this.height = height;
    this.fps = fps;
    // Resolution-independent camera: about 72 degrees horizontal field of view, horizon above
    // the image centre so that the road fills the lower part as in dash-cam footage.
    this.focalPx = width * 0.6875;
    this.centreX = width / 2.0;
    this.horizonY = height * 0.4167;
    this.billboards = StreetFurniture.billboards(SEED);
  }

  int width() {
    return width;
  }

  int height() {
    return height;
  }

  /** Renders frame {@code index}: BGR bytes (row-major, 3 per pixel) and one class per pixel. */
  RenderedFrame render(int index) {
    double time = index / fps;
    double cameraZ = SPEED_M_PER_S * time;
    // A small bob of the camera, as from a car's suspension.
    double cameraY = CAMERA_HEIGHT_M + 0.03 * Math.sin(2 * Math.PI * 1.3 * time);
    int[] rgb = new int[width * height];
    byte[] labels = new byte[width * height];
    double[] depth = new double[width * height];
    for (int v = 0; v < height; v++) {
      for (int u = 0; u < width; u++) {
        shadeBackground(u, v, cameraY, cameraZ, time, rgb, labels, depth);
      }
    }
    List<Billboard> visible = new ArrayList<>();
    for (Billboard b : billboards) {
      if (b.z(time) - cameraZ > 1.0) {
        visible.add(b);
      }
    }
    // Painter's order: far to near, each tested against the depth of the background it covers.
    visible.sort(Comparator.comparingDouble((Billboard b) -> b.z(time)).reversed());
    for (Billboard b : visible) {
      drawBillboard(b, cameraY, cameraZ, time, rgb, labels, depth);
    }
    return new RenderedFrame(width, height, toBgrWithSensorNoise(rgb, index), labels);
  }

  private void shadeBackground(
      int u,
      int v,
      double cameraY,
      double cameraZ,
      double time,
      int[] rgb,
      byte[] labels,
      double[] depth) {
    int i = v * width + u;
    double dx = (u + 0.5 - centreX) / focalPx;
    double dy = (horizonY - (v + 0.5)) / focalPx;
    double best = Double.POSITIVE_INFINITY;
    int colour = sky(u, v, time);
    int label = GroundTruthClass.SKY.index();
    if (dy < 0) {
      double d = cameraY / -dy;
      double x = d * dx;
      double z = cameraZ + d;
      if (Math.abs(x) < FACADE_X_M) {
        best = d;
        if (Math.abs(x) < ROAD_HALF_WIDTH_M) {
          colour = road(x, z);
          label = GroundTruthClass.ROAD.index();
        } else {
          colour = pavement(x, z);
          label = GroundTruthClass.OTHER.index();
        }
      }
    }
    if (dx != 0) {
      double d = FACADE_X_M / Math.abs(dx);
      double y = cameraY + d * dy;
      double z = cameraZ + d;
      int side = dx < 0 ? -1 : 1;
      long block = (long) Math.floor(z / BLOCK_LENGTH_M);
      double top = buildingHeight(block, side);
      if (d < best && y >= 0 && y <= top) {
        best = d;
        colour = facade(block, side, z - block * BLOCK_LENGTH_M, y, top);
        label = GroundTruthClass.BUILDING.index();
      }
    }
    if (best < Double.POSITIVE_INFINITY) {
      colour = Rgb.mix(colour, HAZE, 1 - Math.exp(-best / FOG_DISTANCE_M));
    }
    rgb[i] = colour;
    labels[i] = (byte) label;
    depth[i] = best;
  }

  private int sky(int u, int v, double time) {
    double t = Math.min(1, Math.max(0, (v + 0.5) / horizonY));
    int base = Rgb.mix(0x3C70BE, 0xB9D2EA, t * t);
    // Clouds sit at infinity: they drift slowly but do not move with the camera.
    double scale = width / 480.0;
    double c = Noise.fbm((u / scale + 6 * time) / 90.0, (v / scale) / 35.0, SEED + 7);
    double cover = Math.max(0, (c - 0.52) / 0.3);
    return Rgb.mix(base, 0xF4F6FA, Math.min(0.85, cover));
  }

  private static int road(double x, double z) {
    double grain = Noise.value(x * 9, z * 9, SEED + 11) - 0.5;
    double patch = Noise.value(x * 0.4, z * 0.25, SEED + 12) - 0.5;
    int asphalt = Rgb.scale(0x4A4B4E, 1 + 0.25 * grain + 0.2 * patch);
    double ax = Math.abs(x);
    boolean centreDash = ax < 0.07 && Math.floorMod((long) Math.floor(z / 4.5), 2) == 0;
    boolean edgeLine = ax > 3.72 && ax < 3.86;
    if (centreDash || edgeLine) {
      return Rgb.scale(0xE2E2D6, 0.92 + 0.1 * grain);
    }
    // Darker tyre tracks in the middle of each lane.
    double lane = Math.abs(ax - 1.9);
    if (lane > 0.45 && lane < 0.9) {
      asphalt = Rgb.scale(asphalt, 0.9);
    }
    return asphalt;
  }

  private static int pavement(double x, double z) {
    double ax = Math.abs(x);
    if (ax < ROAD_HALF_WIDTH_M + 0.18) {
      return Rgb.scale(0xB3B0A8, 0.95 + 0.1 * Noise.value(x * 20, z * 20, SEED + 13));
    }
    double tx = ax * 1.25 - Math.floor(ax * 1.25);
    double tz = z * 1.25 - Math.floor(z * 1.25);
    boolean joint = tx < 0.05 || tz < 0.05;
    long tile = Noise.hash((long) Math.floor(ax * 1.25), (long) Math.floor(z * 1.25), SEED + 14);
    double tint = 0.9 + 0.12 * ((tile >>> 40) & 255) / 255.0;
    int base = Rgb.scale(0x97928A, tint * (0.94 + 0.1 * Noise.value(x * 15, z * 15, SEED + 15)));
    return joint ? Rgb.scale(base, 0.72) : base;
  }

  private static double buildingHeight(long block, int side) {
    return 7.0 + 17.0 * Noise.unit(block, side, SEED + 21);
  }

  private static final int[] WALLS = {0x9C5A45, 0xC9B58F, 0x8E8A86, 0xB47A56, 0xD8D0C0, 0x6F6A66};

  /** A facade at position {@code along} metres into its block and height {@code y}. */
  private static int facade(long block, int side, double along, double y, double top) {
    int wall = WALLS[(int) ((Noise.hash(block, side, SEED + 22) >>> 33) % WALLS.length)];
    double grime = 0.9 + 0.15 * Noise.fbm(along * 0.8, y * 0.8, SEED + 23 + block);
    int colour = Rgb.scale(wall, grime * (0.92 + 0.06 * y / top));
    // Bricks: a faint running bond.
    double row = y / 0.3;
    double col = along / 0.6 + ((long) Math.floor(row) % 2 == 0 ? 0 : 0.5);
    if (row - Math.floor(row) < 0.08 || col - Math.floor(col) < 0.04) {
      colour = Rgb.scale(colour, 0.9);
    }
    if (along < 0.35 || along > BLOCK_LENGTH_M - 0.35 || y > top - 0.5) {
      return Rgb.scale(colour, 0.8); // corner pilasters and the cornice
    }
    if (y < 3.2) {
      // Ground floor: a shop window band.
      boolean glass = y > 0.5 && y < 2.7 && Math.floorMod((long) Math.floor(along / 3.5), 3) != 2;
      return glass ? Rgb.mix(0x1E2A36, 0x6C8499, (y - 0.5) / 2.2 * 0.6) : colour;
    }
    double floorY = (y - 3.2) % 3.0;
    double colX = (along - 0.35) % 2.4;
    boolean window = floorY > 0.8 && floorY < 2.4 && colX > 0.55 && colX < 1.85;
    boolean frame = floorY > 0.7 && floorY < 2.5 && colX > 0.45 && colX < 1.95;
    if (window) {
      double lit =
          Noise.unit(
              (long) Math.floor(along / 2.4), (long) Math.floor((y - 3.2) / 3.0), block * 2 + side);
      int glass = lit > 0.85 ? 0xE8D9A0 : Rgb.mix(0x27364A, 0x8FA6BF, (floorY - 0.8) / 1.6 * 0.7);
      return glass;
    }
    return frame ? Rgb.scale(0xE6E2DA, grime) : colour;
  }

  private void drawBillboard(
      Billboard b,
      double cameraY,
      double cameraZ,
      double time,
      int[] rgb,
      byte[] labels,
      double[] depth) {
    double d = b.z(time) - cameraZ;
    double s = focalPx / d; // pixels per metre at this depth
    double cx = b.x(time);
    int u0 = (int) Math.floor(centreX + s * (cx - b.halfWidth()));
    int u1 = (int) Math.ceil(centreX + s * (cx + b.halfWidth()));
    int v0 = (int) Math.floor(horizonY - s * (b.height() - cameraY));
    int v1 = (int) Math.ceil(horizonY + s * cameraY);
    u0 = Math.max(0, u0);
    v0 = Math.max(0, v0);
    u1 = Math.min(width - 1, u1);
    v1 = Math.min(height - 1, v1);
    double fog = 1 - Math.exp(-d / FOG_DISTANCE_M);
    for (int v = v0; v <= v1; v++) {
      double y = cameraY + (horizonY - (v + 0.5)) / s;
      for (int u = u0; u <= u1; u++) {
        int i = v * width + u;
        if (depth[i] <= d) {
          continue;
        }
        double x = (u + 0.5 - centreX) / s - cx;
        int colour = b.shade(x, y, time);
        if (colour < 0) {
          continue;
        }
        rgb[i] = Rgb.mix(colour, HAZE, fog);
        labels[i] = (byte) b.label();
        depth[i] = d;
      }
    }
  }

  /** Adds deterministic per-pixel sensor noise (keyed by frame and pixel) and packs as BGR. */
  private byte[] toBgrWithSensorNoise(int[] rgb, int frameIndex) {
    byte[] bgr = new byte[rgb.length * 3];
    for (int i = 0; i < rgb.length; i++) {
      long h = Noise.hash(frameIndex, i, SEED + 99);
      // Sum of three small uniforms: roughly Gaussian, sigma about 2.5 grey levels.
      double n = ((h & 0xFF) + ((h >>> 8) & 0xFF) + ((h >>> 16) & 0xFF) - 382.5) / 30.0;
      int c = rgb[i];
      bgr[3 * i] = (byte) Rgb.clamp((c & 255) + n);
      bgr[3 * i + 1] = (byte) Rgb.clamp(((c >> 8) & 255) + n);
      bgr[3 * i + 2] = (byte) Rgb.clamp(((c >> 16) & 255) + n);
    }
    return bgr;
  }

  /** A rendered frame: BGR bytes and the class index of every pixel. */
  record RenderedFrame(int width, int height, byte[] bgr, byte[] labels) {}
}
