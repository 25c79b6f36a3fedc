package dev.scenelabeler.connectors.records;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Class-index masks as lossless 8-bit greyscale PNG (ISO/IEC 15948): pixel value = class index.
 * Any PNG reader gives back the exact bytes, which is why the mask record carries PNG and not
 * JPEG. Encoded and decoded with the JDK's own PNG codec (javax.imageio), so reading records
 * needs no native library.
 */
public final class MaskPng {

  /**
   * Near the fastest deflate level: masks are large uniform regions, so even the fastest levels
   * shrink them 20-50x; higher levels cost several times the CPU for a few percent.
   */
  private static final float COMPRESSION_QUALITY = 0.9f;

  private MaskPng() {}

  /**
   * Encodes {@code width * height} class indices, row-major, as an 8-bit greyscale PNG.
   *
   * @throws IllegalArgumentException if the sizes and the array length disagree
   */
  public static byte[] encode(int width, int height, byte[] classIndices) {
    long expected = (long) width * height;
    if (width < 1 || height < 1 || classIndices.length != expected) {
      throw new IllegalArgumentException("mask " + width + "x" + height + " needs " + expected
          + " class indices, got " + classIndices.length);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    System.arraycopy(classIndices, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0,
        classIndices.length);
    ImageWriter writer = ImageIO.getImageWritersByFormatName("png").next();
    ByteArrayOutputStream png = new ByteArrayOutputStream(Math.max(1024, classIndices.length / 16));
    try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(png)) {
      ImageWriteParam param = writer.getDefaultWriteParam();
      param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
      param.setCompressionQuality(COMPRESSION_QUALITY);
      writer.setOutput(out);
      writer.write(null, new IIOImage(image, null, null), param);
    } catch (IOException e) {
      throw new UncheckedIOException("PNG-encoding a " + width + "x" + height + " mask failed", e);
    } finally {
      writer.dispose();
    }
    return png.toByteArray();
  }

  /**
   * Decodes a mask PNG back to row-major class indices.
   *
   * @throws RecordFormatException if the bytes are not a PNG, not 8-bit single-channel, or not
   *     {@code width x height}
   */
  public static byte[] decode(byte[] png, int width, int height) {
    BufferedImage image;
    try {
      image = ImageIO.read(new ByteArrayInputStream(png));
    } catch (IOException e) {
      throw new RecordFormatException("mask PNG (" + png.length + " bytes) could not be decoded: " + e.getMessage());
    }
    if (image == null) {
      throw new RecordFormatException("mask PNG (" + png.length + " bytes) could not be decoded");
    }
    if (image.getType() != BufferedImage.TYPE_BYTE_GRAY) {
      throw new RecordFormatException("mask PNG has " + image.getColorModel().getNumComponents() + " channels of "
          + image.getColorModel().getPixelSize() / image.getColorModel().getNumComponents()
          + " bits, expected 8-bit greyscale");
    }
    if (image.getWidth() != width || image.getHeight() != height) {
      throw new RecordFormatException("mask PNG is " + image.getWidth() + "x" + image.getHeight()
          + ", the record says " + width + "x" + height);
    }
    byte[] classes = new byte[width * height];
    image.getRaster().getDataElements(0, 0, width, height, classes);
    return classes;
  }
}
