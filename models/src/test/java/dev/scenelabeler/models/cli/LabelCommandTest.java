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
    assertThat(LabelCommand.truncatedJpeg(cut)).contains("no end-of-image marker").contains(jpeg.length / 2 + " bytes");
    assertThat(LabelCommand.truncatedJpeg(dir.resolve("any.png"))).as("only JPEGs are checked").isNull();
  }
}
