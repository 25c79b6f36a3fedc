package dev.scenelabeler.connectors.video;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;
import org.opencv.core.Mat;
import org.opencv.core.MatOfByte;
import org.opencv.imgcodecs.Imgcodecs;

/**
 * A folder of images played as a video: image files (by extension) in file-name order, stamped at a
 * fixed frame rate ({@link FrameSourceOptions#imageFolderFps()}). Other files and hidden files are
 * ignored.
 *
 * <p>A JPEG without its end-of-image marker is reported as corrupt: OpenCV would otherwise decode a
 * cut JPEG silently, filling the missing part with grey.
 */
final class ImageFolderFrameSource implements FrameSource {

  static final Set<String> IMAGE_EXTENSIONS =
      Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff", "webp", "ppm", "pgm");

  private final Path folder;
  private final List<Path> files;
  private final FrameSampler sampler;
  private final FrameCopier copier;
  private final VideoInfo info;
  private Mat first; // decoded while opening to learn the size; handed out as frame 0
  private int position;
  private boolean finished;
  private long endMicros = -1;

  private ImageFolderFrameSource(
      Path folder, List<Path> files, Mat first, FrameSourceOptions options) {
    this.folder = folder;
    this.files = files;
    this.first = first;
    this.sampler = new FrameSampler(options);
    this.copier = new FrameCopier(options);
    this.info =
        new VideoInfo(
            folder,
            "image-folder",
            options.imageFolderFps(),
            first.cols(),
            first.rows(),
            OptionalLong.of(files.size()));
  }

  static ImageFolderFrameSource open(Path folder, FrameSourceOptions options)
      throws VideoException {
    if (!Files.isReadable(folder)) {
      throw new UnreadableVideoException(folder, "folder not readable (permission denied)");
    }
    List<Path> files;
    try (Stream<Path> listing = Files.list(folder)) {
      files =
          listing
              .filter(ImageFolderFrameSource::isImageFile)
              .sorted((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()))
              .toList();
    } catch (IOException e) {
      throw new UnreadableVideoException(folder, "cannot list folder: " + e.getMessage(), e);
    }
    if (files.isEmpty()) {
      throw new UnreadableVideoException(
          folder,
          "no image files ("
              + String.join(", ", IMAGE_EXTENSIONS.stream().sorted().toList())
              + ")");
    }
    OpenCvNatives.ensureLoaded();
    Mat first;
    try {
      first = decode(files.get(0), 0);
    } catch (CorruptVideoException e) {
      throw new UnreadableVideoException(folder, "first image unreadable: " + e.getMessage(), e);
    }
    return new ImageFolderFrameSource(folder, files, first, options);
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  @Override
  public Optional<VideoFrame> next() throws CorruptVideoException {
    while (!finished && position < files.size()) {
      int index = position++;
      long timestamp = Math.round(index * 1_000_000.0 / info.frameRate());
      if (!sampler.keep(index, timestamp)) {
        continue;
      }
      Mat decoded;
      if (index == 0) {
        decoded = first;
        first = null;
      } else {
        try {
          decoded = decode(files.get(index), index);
        } catch (CorruptVideoException e) {
          finished = true;
          throw e;
        }
      }
      return Optional.of(new VideoFrame(index, timestamp, copier.resizeOwned(decoded)));
    }
    releaseFirst();
    if (!finished) {
      endMicros = Math.round(files.size() * 1_000_000.0 / info.frameRate());
    }
    return Optional.empty();
  }

  @Override
  public long endMicros() {
    return endMicros;
  }

  @Override
  public void close() {
    finished = true;
    releaseFirst();
  }

  private void releaseFirst() {
    if (first != null) {
      first.release();
      first = null;
    }
  }

  private static Mat decode(Path file, long index) throws CorruptVideoException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new CorruptVideoException(file, index, "cannot read: " + e, e);
    }
    if (isJpeg(file) && !hasJpegEnd(bytes)) {
      throw new CorruptVideoException(
          file,
          index,
          "JPEG truncated or corrupt (no end-of-image marker, " + bytes.length + " bytes)",
          null);
    }
    MatOfByte encoded = new MatOfByte(bytes);
    Mat image = Imgcodecs.imdecode(encoded, Imgcodecs.IMREAD_COLOR);
    encoded.release();
    if (image.empty()) {
      throw new CorruptVideoException(
          file, index, "not a decodable image (" + bytes.length + " bytes)", null);
    }
    return image;
  }

  private static boolean isImageFile(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return !name.startsWith(".")
        && dot > 0
        && Files.isRegularFile(p)
        && IMAGE_EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  private static boolean isJpeg(Path p) {
    String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".jpg") || name.endsWith(".jpeg");
  }

  /** FF D9 at the end, allowing the zero padding some cameras append. */
  private static boolean hasJpegEnd(byte[] b) {
    int end = b.length;
    while (end > 2 && b[end - 1] == 0) {
      end--;
    }
    return end >= 4 && (b[end - 2] & 0xFF) == 0xFF && (b[end - 1] & 0xFF) == 0xD9;
  }
}
