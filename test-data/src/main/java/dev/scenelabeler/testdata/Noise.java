package dev.scenelabeler.testdata;

/**
 * Deterministic hash and value noise. Textures are functions of world coordinates, so they stick to
 * surfaces as the camera moves; nothing depends on a global random state.
 */
final class Noise {

  private Noise() {}

  /** A well-mixed 64-bit hash of three integers (SplitMix64 finaliser). */
  static long hash(long a, long b, long c) {
    long z = a * 0x9E3779B97F4A7C15L + b * 0xC2B2AE3D27D4EB4FL + c * 0x165667B19E3779F9L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in [0, 1) from three integers. */
  static double unit(long a, long b, long c) {
    return (hash(a, b, c) >>> 11) * 0x1.0p-53;
  }

  /** Smooth value noise in [0, 1) on a unit lattice. */
  static double value(double x, double y, long seed) {
    long x0 = (long) Math.floor(x);
    long y0 = (long) Math.floor(y);
    double fx = smooth(x - x0);
    double fy = smooth(y - y0);
    double a = unit(x0, y0, seed);
    double b = unit(x0 + 1, y0, seed);
    double c = unit(x0, y0 + 1, seed);
    double d = unit(x0 + 1, y0 + 1, seed);
    return lerp(lerp(a, b, fx), lerp(c, d, fx), fy);
  }

  /** Three octaves of value noise, in [0, 1). */
  static double fbm(double x, double y, long seed) {
    return 0.55 * value(x, y, seed)
        + 0.3 * value(2.03 * x, 2.03 * y, seed + 1)
        + 0.15 * value(4.1 * x, 4.1 * y, seed + 2);
  }

  static double lerp(double a, double b, double t) {
    return a + (b - a) * t;
  }

  private static double smooth(double t) {
    return t * t * (3 - 2 * t);
  }
}
