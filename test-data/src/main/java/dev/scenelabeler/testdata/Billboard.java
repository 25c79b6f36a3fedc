package dev.scenelabeler.testdata;

/**
 * A flat upright object facing the camera, standing on the ground at (x, z). Its shape is a test on
 * local coordinates (metres from its centre line, metres above the ground); the same test decides
 * both a pixel's colour and its class.
 */
interface Billboard {

  double x(double time);

  double z(double time);

  double halfWidth();

  double height();

  /** Class index of every pixel this object covers. */
  int label();

  /** Colour 0xRRGGBB at local (x, y) at {@code time}, or -1 where the object is not. */
  int shade(double x, double y, double time);
}
