package dev.scenelabeler.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.ImageDifference;
import dev.scenelabeler.models.OpenCv;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opencv.core.Core;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.Scalar;

class PhotometricTest {

  @BeforeAll
  static void loadOpenCv() {
    OpenCv.load();
  }

  private static Mat street() {
    Mat image = new Mat(64, 96, CvType.CV_8UC3, new Scalar(90, 120, 150));
    image.rowRange(0, 20).setTo(new Scalar(230, 180, 120)); // sky
    return image;
  }

  @Test
  void shouldChangeColoursReproduciblyForASeedAndLeaveTheInputAlone() {
    Mat input = street();
    Mat before = input.clone();
    Photometric photometric = new Photometric(Photometric.Settings.CAMERAS);

    Mat first = photometric.apply(input, new Random(5));
    Mat again = photometric.apply(input, new Random(5));
    Mat other = photometric.apply(input, new Random(6));

    assertThat(ImageDifference.meanAbsolute(first, again)).isZero();
    assertThat(ImageDifference.meanAbsolute(first, other)).isPositive();
    assertThat(ImageDifference.meanAbsolute(first, input)).isPositive();
    assertThat(ImageDifference.meanAbsolute(input, before)).isZero();
    assertThat(first.size()).isEqualTo(input.size());
    assertThat(first.type()).isEqualTo(CvType.CV_8UC3);
  }

  @Test
  void shouldKeepJitterMildEnoughThatTheSkyStaysBrighterThanTheStreetMostOfTheTime() {
    Photometric photometric = new Photometric(Photometric.Settings.CAMERAS);
    int brighter = 0;
    for (int seed = 0; seed < 50; seed++) {
      Mat out = photometric.apply(street(), new Random(seed));
      double sky = Core.mean(out.rowRange(0, 20)).val[0];
      double street = Core.mean(out.rowRange(40, 64)).val[0];
      brighter += sky > street ? 1 : 0;
    }
    assertThat(brighter).isGreaterThanOrEqualTo(45);
  }

  @Test
  void shouldDoNothingWhenSwitchedOff() {
    assertThat(new Photometric(Photometric.Settings.NONE).enabled()).isFalse();
    assertThat(new Photometric(Photometric.Settings.CAMERAS).enabled()).isTrue();
  }

  @Test
  void shouldDarkenCornersMoreThanTheCentreWithAVignette() {
    Mat grey = new Mat(50, 50, CvType.CV_8UC3, new Scalar(200, 200, 200));
    Mat out = Photometric.vignette(grey, 0.5);

    assertThat(out.get(25, 25)[0]).isGreaterThan(190);
    assertThat(out.get(0, 0)[0]).isLessThan(110);
  }
}
