package dev.scenelabeler.models.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.models.OpenCv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opencv.core.CvType;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.core.Scalar;
import org.opencv.imgcodecs.Imgcodecs;

class LabelCommandTest {

  @Test
  void shouldTellACutJpegFromAWholeOne(@TempDir Path dir) throws Exception {
    OpenCv.load();
    MatOfByte encoded = new MatOfByte();
    Imgcodecs.imencode(".jpg", new Mat(48, 64, CvType.CV_8UC3, new Scalar(10, 120, 200)), encoded);
    byte[] jpeg = encoded.toArray();
    Path whole = dir.resolve("whole.jpg");
    Path cut = dir.resolve("cut.jpg");
    Files.write(whole, jpeg);
    Files.write(cut, Arrays.copyOf(jpeg, jpeg.length / 2));

    assertThat(LabelCommand.truncatedJpeg(whole)).isNull();
    assertThat(LabelCommand.truncatedJpeg(cut))
        .contains("no end-of-image marker")
        .contains(jpeg.length / 2 + " bytes");
    assertThat(LabelCommand.truncatedJpeg(dir.resolve("any.png")))
        .as("only JPEGs are checked")
        .isNull();
  }

  @Test
  void shouldReadAPhonePhotoUprightByItsExifOrientation(@TempDir Path dir) throws Exception {
    OpenCv.load();
    MatOfByte encoded = new MatOfByte();
    Imgcodecs.imencode(".jpg", new Mat(48, 64, CvType.CV_8UC3, new Scalar(10, 120, 200)), encoded);
    Path photo = dir.resolve("photo.jpg");
    Files.write(photo, withExifOrientation(encoded.toArray(), 6)); // stored 64x48, shown 48x64

    Mat read = LabelCommand.read(photo);
    assertThat(read.cols()).isEqualTo(48);
    assertThat(read.rows()).isEqualTo(64);
    Mat deep = new Mat(8, 8, CvType.CV_16UC1, new Scalar(40000));
    Path png = dir.resolve("deep.png");
    Imgcodecs.imwrite(png.toString(), deep);
    assertThat(LabelCommand.read(png).depth())
        .as("16-bit kept for the caller to scale")
        .isEqualTo(CvType.CV_16U);
  }

  /** An APP1 Exif segment holding only the orientation tag (big-endian TIFF), after SOI. */
  private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] app1 = {
      (byte) 0xFF,
      (byte) 0xE1,
      0,
      34,
      'E',
      'x',
      'i',
      'f',
      0,
      0,
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8,
      0,
      1,
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0,
      0,
      0,
      0,
      0
    };
    byte[] out = new byte[jpeg.length + app1.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(app1, 0, out, 2, app1.length);
    System.arraycopy(jpeg, 2, out, 2 + app1.length, jpeg.length - 2);
    return out;
  }
}
