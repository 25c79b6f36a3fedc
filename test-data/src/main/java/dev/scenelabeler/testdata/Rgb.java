package dev.scenelabeler.testdata;

/** Small colour helpers on 0xRRGGBB ints. */
final class Rgb {

  private Rgb() {}

  static int of(double r, double g, double b) {
    return (clamp(r) << 16) | (clamp(g) << 8) | clamp(b);
  }

  static int scale(int rgb, double k) {
    return of(((rgb >> 16) & 255) * k, ((rgb >> 8) & 255) * k, (rgb & 255) * k);
  }

  static int mix(int a, int b, double t) {
    return of(
        Noise.lerp((a >> 16) & 255, (b >> 16) & 255, t),
        Noise.lerp((a >> 8) & 255, (b >> 8) & 255, t),
        Noise.lerp(a & 255, b & 255, t));
  }

  static int clamp(double v) {
    return v <= 0 ? 0 : v >= 255 ? 255 : (int) Math.round(v);
  }
}
