package dev.scenelabeler.connectors.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskPngTest {

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"480, 360", "1, 1", "33, 7", "7, 33"})
  void shouldRoundTripThroughTheJdksPngReader(int width, int height) throws Exception {
    byte[] classes = sceneLike(width, height);

    byte[] png = MaskPng.encode(width, height, classes);

    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
    assertThat(((DataBufferByte) image.getRaster().getDataBuffer()).getData()).isEqualTo(classes);
    assertThat(MaskPng.decode(png, width, height)).isEqualTo(classes);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"480, 360", "33, 7"})
  void shouldWriteTheBytesTheJdksPngWriterWritesAtTheSameSettings(int width, int height)
      throws Exception {
    byte[] classes = sceneLike(width, height);

    assertThat(MaskPng.encode(width, height, classes))
        .isEqualTo(imageIoPng(width, height, classes));
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"480, 360"})
  void shouldCompressUniformRegions(int width, int height) {
    byte[] png = MaskPng.encode(width, height, sceneLike(width, height));

    assertThat(png.length).isLessThan(width * height / 5);
  }

  /** Bands of classes with a blob and some noise, like a street scene's mask. */
  private static byte[] sceneLike(int width, int height) {
    byte[] classes = new byte[width * height];
    Random random = new Random(7);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int c = y < height / 3 ? 0 : y > 2 * height / 3 ? 2 : (x / 60) % 2 == 0 ? 3 : 1;
        if (random.nextInt(40) == 0) {
          c = random.nextInt(6);
        }
        classes[y * width + x] = (byte) c;
      }
    }
    return classes;
  }

  /** javax.imageio's PNG writer at deflate level 1 (quality 0.9), greyscale. */
  private static byte[] imageIoPng(int width, int height, byte[] classes) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    System.arraycopy(
        classes,
        0,
        ((DataBufferByte) image.getRaster().getDataBuffer()).getData(),
        0,
        classes.length);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(0.9f);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } finally {
      writer.dispose();
    }
    return png.toByteArray();
  }
}
