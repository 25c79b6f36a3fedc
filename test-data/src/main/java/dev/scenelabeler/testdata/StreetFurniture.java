package dev.scenelabeler.testdata;

import java.util.ArrayList;
import java.util.List;

/** The objects along the street: trees, lamp posts and pedestrians, placed deterministically. */
final class StreetFurniture {

  private StreetFurniture() {}

  static List<Billboard> billboards(long seed) {
    List<Billboard> all = new ArrayList<>();
    for (int k = 0; k < 16; k++) {
      for (int side = -1; side <= 1; side += 2) {
        if (Noise.unit(k, side, seed + 31) < 0.2) {
          continue; // a gap in the row of trees
        }
        double z = 9 + 13 * k + 4 * Noise.unit(k, side, seed + 32);
        double crown = 1.4 + 0.7 * Noise.unit(k, side, seed + 33);
        all.add(new Tree(side * 5.9, z, crown, Noise.hash(k, side, seed + 34)));
      }
    }
    for (int k = 0; k < 10; k++) {
      for (int side = -1; side <= 1; side += 2) {
        all.add(new LampPost(side * 4.45, 15 + 24 * k + (side > 0 ? 12 : 0)));
      }
    }
    // People walking along both pavements, in and against the direction of travel, and two
    // crossing the road ahead of the camera.
    int[] shirts = {0xC0392B, 0x2E86C1, 0xF1C40F, 0x1C1C1C, 0xECF0F1, 0x8E44AD, 0x27AE60, 0xE67E22};
    double[][] walkers = {
      // x, z at t=0, vx, vz (m/s)
      {-5.0, 14, 0, 1.3}, {-6.4, 22, 0, -1.2}, {5.2, 18, 0, 1.4}, {6.6, 30, 0, -1.1},
      {-5.6, 38, 0, -1.4}, {5.8, 46, 0, 1.2}, {-4.8, 55, 0, 1.0}, {6.2, 62, 0, -1.3},
      {-3.6, 40, 1.4, 0}, {3.2, 58, -1.3, 0},
    };
    for (int p = 0; p < walkers.length; p++) {
      double[] w = walkers[p];
      double height = 1.62 + 0.25 * Noise.unit(p, 0, seed + 41);
      all.add(
          new Pedestrian(
              w[0],
              w[1],
              w[2],
              w[3],
              height,
              shirts[p % shirts.length],
              Noise.unit(p, 1, seed + 42) * 2 * Math.PI));
    }
    return all;
  }

  record Tree(double x, double z, double crown, long hash) implements Billboard {
    @Override
    public double x(double time) {
      return x;
    }

    @Override
    public double z(double time) {
      return z;
    }

    @Override
    public double halfWidth() {
      return crown * 1.5;
    }

    @Override
    public double height() {
      return 2.6 + crown * 2.4;
    }

    @Override
    public int label() {
      return GroundTruthClass.TREE.index();
    }

    @Override
    public int shade(double lx, double y, double time) {
      double centreY = 2.6 + crown * 1.1;
      // A lumpy crown: the union of five discs around the centre.
      for (int k = 0; k < 5; k++) {
        double angle = k * 1.2566 + (hash & 7);
        double ox = k == 0 ? 0 : 0.55 * crown * Math.cos(angle);
        double oy = k == 0 ? 0 : 0.45 * crown * Math.sin(angle);
        double r = crown * (k == 0 ? 0.9 : 0.62);
        double ddx = lx - ox;
        double ddy = y - centreY - oy;
        if (ddx * ddx + ddy * ddy < r * r) {
          double leaves = Noise.fbm(lx * 3.5, y * 3.5, hash);
          double light = 0.75 + 0.5 * leaves + 0.15 * (y - centreY) / crown;
          return Rgb.scale(0x3E6B2E, light);
        }
      }
      if (Math.abs(lx) < 0.14 && y < centreY) {
        return Rgb.scale(0x5A4030, 0.85 + 0.3 * Noise.value(lx * 30, y * 6, hash));
      }
      return -1;
    }
  }

  record LampPost(double x, double z) implements Billboard {
    @Override
    public double x(double time) {
      return x;
    }

    @Override
    public double z(double time) {
      return z;
    }

    @Override
    public double halfWidth() {
      return 0.9;
    }

    @Override
    public double height() {
      return 6.3;
    }

    @Override
    public int label() {
      return GroundTruthClass.OTHER.index();
    }

    @Override
    public int shade(double lx, double y, double time) {
      double towardRoad = x < 0 ? lx : -lx; // the arm reaches over the road
      if (Math.abs(lx) < 0.07 && y < 6.0) {
        return Rgb.scale(0x3A3D40, 0.9 + 0.1 * y / 6.0);
      }
      if (y >= 5.9 && y < 6.05 && towardRoad >= 0 && towardRoad < 0.8) {
        return 0x3A3D40;
      }
      if (y >= 5.75 && y < 5.9 && towardRoad >= 0.45 && towardRoad < 0.85) {
        return 0xDDE2D0;
      }
      return -1;
    }
  }

  record Pedestrian(
      double x0, double z0, double vx, double vz, double tall, int shirt, double phase)
      implements Billboard {
    @Override
    public double x(double time) {
      return x0 + vx * time;
    }

    @Override
    public double z(double time) {
      return z0 + vz * time;
    }

    @Override
    public double halfWidth() {
      return 0.45;
    }

    @Override
    public double height() {
      return tall;
    }

    @Override
    public int label() {
      return GroundTruthClass.PEDESTRIAN.index();
    }

    @Override
    public int shade(double lx, double y, double time) {
      double k = tall / 1.75; // proportions scale with height
      double stride = Math.sin(phase + time * 2 * Math.PI * 0.9);
      double hip = 0.88 * k;
      double shoulder = 1.42 * k;
      double headY = 1.61 * k;
      double headR = 0.115 * k;
      double hx = lx;
      double hy = y - headY;
      if (hx * hx + hy * hy < headR * headR) {
        return hy > headR * 0.25 ? 0x2B1D14 : 0xC89F82; // hair, face
      }
      if (y >= hip - 0.02 && y <= shoulder && Math.abs(lx) < 0.21 * k) {
        return Rgb.scale(shirt, 0.85 + 0.2 * (y - hip) / (shoulder - hip));
      }
      for (int leg = -1; leg <= 1; leg += 2) {
        double footX = leg * 0.08 * k + leg * 0.17 * k * stride;
        if (distanceToSegment(lx, y, leg * 0.08 * k, hip, footX, 0.02) < 0.075 * k) {
          return leg < 0 ? 0x2C3440 : 0x262C36;
        }
        double handX = leg * 0.27 * k - leg * 0.1 * k * stride;
        if (distanceToSegment(lx, y, leg * 0.24 * k, shoulder - 0.05, handX, hip + 0.02)
            < 0.05 * k) {
          return Rgb.scale(shirt, 0.8);
        }
      }
      return -1;
    }

    private static double distanceToSegment(
        double px, double py, double ax, double ay, double bx, double by) {
      double ex = bx - ax;
      double ey = by - ay;
      double t = ((px - ax) * ex + (py - ay) * ey) / (ex * ex + ey * ey);
      t = Math.max(0, Math.min(1, t));
      double qx = ax + t * ex - px;
      double qy = ay + t * ey - py;
      return Math.sqrt(qx * qx + qy * qy);
    }
  }
}
