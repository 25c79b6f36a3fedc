package dev.scenelabeler.connectors.video;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avcodec.AVCodecParameters;
import org.bytedeco.ffmpeg.avcodec.AVPacketSideData;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVIndexEntry;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file decoded by FFmpeg (JavaCV {@link FFmpegFrameGrabber}) into BGR Mats, turned upright
 * by the stream's display matrix (a phone's rotation tag) as players do.
 *
 * <p>Truncation: FFmpeg reports a file cut short as a plain end of stream. Where the container has
 * an index of its samples (MP4/MOV, AVI), a stream that ends while the index points past the end of
 * the file is reported as a {@link CorruptVideoException} instead of a silent short video. The
 * declared frame count is not used for this: an MP4 trimmed by stream copy declares more frames
 * than its edit list shows, and decodes cleanly to its end.
 */
final class FfmpegFrameSource implements FrameSource {

  private static final Logger LOG = LoggerFactory.getLogger(FfmpegFrameSource.class);

  private final Path file;
  private final FFmpegFrameGrabber grabber;
  private final OpenCVFrameConverter.ToOrgOpenCvCoreMat converter =
      new OpenCVFrameConverter.ToOrgOpenCvCoreMat();
  private final FrameSampler sampler;
  private final FrameCopier copier;
  private final VideoInfo info;

  /** Where the container's index says the stream's data ends, in bytes; -1 without an index. */
  private final long indexedDataEnd;

  private long decoded;
  private long lastTimestampMicros = -1;
  private long endMicros = -1;
  private boolean finished;
  private boolean closed;

  private FfmpegFrameSource(
      Path file,
      FFmpegFrameGrabber grabber,
      FrameSourceOptions options,
      VideoInfo info,
      long indexedDataEnd) {
    this.file = file;
    this.grabber = grabber;
    this.sampler = new FrameSampler(options);
    this.copier = new FrameCopier(options, info.orientation());
    this.info = info;
    this.indexedDataEnd = indexedDataEnd;
  }

  static FfmpegFrameSource open(Path file, FrameSourceOptions options)
      throws UnreadableVideoException {
    checkReadableFile(file);
    OpenCvNatives.ensureLoaded();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      releaseQuietly(grabber);
      throw new UnreadableVideoException(
          file, "not a video FFmpeg can read (" + withoutJavacvHints(e.getMessage()) + ")", e);
    }
    AVStream stream = firstVideoStream(grabber.getFormatContext());
    if (stream == null || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
      releaseQuietly(grabber);
      throw new UnreadableVideoException(
          file, "no video stream (format " + grabber.getFormat() + ")");
    }
    long declared = stream.nb_frames();
    DisplayOrientation orientation = orientation(stream);
    int storedWidth = grabber.getImageWidth();
    int storedHeight = grabber.getImageHeight();
    VideoInfo info =
        new VideoInfo(
            file,
            grabber.getFormat(),
            grabber.getVideoFrameRate(),
            orientation.displayWidth(storedWidth, storedHeight),
            orientation.displayHeight(storedWidth, storedHeight),
            declared > 0 ? OptionalLong.of(declared) : OptionalLong.empty(),
            orientation,
            CreationTime.parse(
                grabber.getFormatContext() == null ? null : grabber.getMetadata("creation_time")));
    LOG.debug("opened {} with {}", info, options);
    return new FfmpegFrameSource(file, grabber, options, info, indexedDataEnd(stream));
  }

  /**
   * The stream's display matrix (codec parameters' side data), as FFmpeg's own autorotation reads
   * it.
   */
  static DisplayOrientation orientation(AVStream stream) {
    AVCodecParameters parameters = stream.codecpar();
    AVPacketSideData side =
        avcodec.av_packet_side_data_get(
            parameters.coded_side_data(),
            parameters.nb_coded_side_data(),
            avcodec.AV_PKT_DATA_DISPLAYMATRIX);
    if (side == null || side.isNull() || side.data() == null || side.size() < 9 * 4) {
      return DisplayOrientation.UPRIGHT;
    }
    int[] matrix = new int[9];
    new IntPointer(side.data()).get(matrix);
    return DisplayOrientation.fromDisplayMatrix(matrix, avutil.av_display_rotation_get(matrix));
  }

  /** The largest byte offset + size of the stream's indexed samples; -1 if it has no index. */
  private static long indexedDataEnd(AVStream stream) {
    int entries = avformat.avformat_index_get_entries_count(stream);
    long end = -1;
    for (int i = 0; i < entries; i++) {
      AVIndexEntry entry = avformat.avformat_index_get_entry(stream, i);
      if (entry != null && !entry.isNull() && entry.pos() >= 0) {
        end = Math.max(end, entry.pos() + entry.size());
      }
    }
    return end;
  }

  @Override
  public VideoInfo info() {
    return info;
  }

  @Override
  public Optional<VideoFrame> next() throws CorruptVideoException {
    if (closed) {
      throw new IllegalStateException("frame source for " + file + " is closed");
    }
    while (!finished) {
      Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        finished = true;
        throw new CorruptVideoException(
            file, decoded, "cannot decode: " + withoutJavacvHints(e.getMessage()), e);
      }
      if (frame == null || frame.image == null) {
        finished = true;
        checkNotTruncated();
        endMicros =
            lastTimestampMicros < 0 || !(info.frameRate() > 0)
                ? -1
                : lastTimestampMicros + Math.round(1e6 / info.frameRate());
        return Optional.empty();
      }
      long index = decoded++;
      long timestamp = frame.timestamp;
      lastTimestampMicros = timestamp;
      if (!sampler.keep(index, timestamp)) {
        continue;
      }
      Mat borrowed = converter.convert(frame);
      return Optional.of(new VideoFrame(index, timestamp, copier.ownedCopy(borrowed)));
    }
    return Optional.empty();
  }

  @Override
  public long endMicros() {
    return endMicros;
  }

  private void checkNotTruncated() throws CorruptVideoException {
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      return; // gone while reading: nothing to compare with; the frames read stand
    }
    if (indexedDataEnd > size) {
      throw new CorruptVideoException(
          file,
          decoded,
          "stream ends after "
              + decoded
              + " frames: the container's index"
              + " points to byte "
              + indexedDataEnd
              + " but the file has "
              + size
              + " bytes (file truncated)",
          null);
    }
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      converter.close();
      releaseQuietly(grabber);
    }
  }

  static void checkReadableFile(Path file) throws UnreadableVideoException {
    if (!Files.exists(file)) {
      throw new UnreadableVideoException(file, "no such file");
    }
    if (!Files.isRegularFile(file)) {
      throw new UnreadableVideoException(file, "not a regular file");
    }
    if (!Files.isReadable(file)) {
      throw new UnreadableVideoException(file, "not readable (permission denied)");
    }
    try {
      if (Files.size(file) == 0) {
        throw new UnreadableVideoException(file, "empty file");
      }
    } catch (IOException e) {
      throw new UnreadableVideoException(file, "cannot read size: " + e.getMessage(), e);
    }
  }

  /** JavaCV appends advice for its own developers ("Has setFormat() been called?"); drop it. */
  static String withoutJavacvHints(String message) {
    if (message == null) {
      return "no detail";
    }
    int hint = message.indexOf(" (Has setFormat()");
    return hint > 0 ? message.substring(0, hint) : message;
  }

  private static AVStream firstVideoStream(AVFormatContext context) {
    if (context == null) {
      return null;
    }
    for (int i = 0; i < context.nb_streams(); i++) {
      AVStream s = context.streams(i);
      if (s.codecpar().codec_type() == AVMEDIA_TYPE_VIDEO) {
        return s;
      }
    }
    return null;
  }

  private static void releaseQuietly(FFmpegFrameGrabber grabber) {
    try {
      grabber.release();
    } catch (FrameGrabber.Exception e) {
      LOG.warn("releasing the FFmpeg grabber failed", e);
    }
  }
}
