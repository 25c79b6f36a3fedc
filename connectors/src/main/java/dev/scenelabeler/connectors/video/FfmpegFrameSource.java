package dev.scenelabeler.connectors.video;

import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_VIDEO;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVStream;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.opencv.core.Mat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A video file decoded by FFmpeg (JavaCV {@link FFmpegFrameGrabber}) into BGR Mats.
 *
 * <p>Truncation: FFmpeg reports a file cut short as a plain end of stream. Where the container
 * states its exact frame count (MP4/MOV, AVI), ending before that count is reported as a
 * {@link CorruptVideoException} at the first missing frame instead of a silent short video.
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
  private long decoded;
  private boolean finished;
  private boolean closed;

  private FfmpegFrameSource(Path file, FFmpegFrameGrabber grabber, FrameSourceOptions options,
      VideoInfo info) {
    this.file = file;
    this.grabber = grabber;
    this.sampler = new FrameSampler(options);
    this.copier = new FrameCopier(options);
    this.info = info;
  }

  static FfmpegFrameSource open(Path file, FrameSourceOptions options) throws UnreadableVideoException {
    checkReadableFile(file);
    OpenCvNatives.ensureLoaded();
    FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
    try {
      grabber.start();
    } catch (FrameGrabber.Exception | RuntimeException e) {
      releaseQuietly(grabber);
      throw new UnreadableVideoException(file, "not a video FFmpeg can read (" + withoutJavacvHints(e.getMessage()) + ")", e);
    }
    AVStream stream = firstVideoStream(grabber.getFormatContext());
    if (stream == null || grabber.getImageWidth() <= 0 || grabber.getImageHeight() <= 0) {
      releaseQuietly(grabber);
      throw new UnreadableVideoException(file, "no video stream (format " + grabber.getFormat() + ")");
    }
    long declared = stream.nb_frames();
    VideoInfo info = new VideoInfo(file, grabber.getFormat(), grabber.getVideoFrameRate(),
        grabber.getImageWidth(), grabber.getImageHeight(),
        declared > 0 ? OptionalLong.of(declared) : OptionalLong.empty());
    LOG.debug("opened {} with {}", info, options);
    return new FfmpegFrameSource(file, grabber, options, info);
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
      org.bytedeco.javacv.Frame frame;
      try {
        frame = grabber.grabImage();
      } catch (FrameGrabber.Exception | RuntimeException e) {
        finished = true;
        throw new CorruptVideoException(file, decoded, "cannot decode: " + withoutJavacvHints(e.getMessage()), e);
      }
      if (frame == null || frame.image == null) {
        finished = true;
        checkNotTruncated();
        return Optional.empty();
      }
      long index = decoded++;
      long timestamp = frame.timestamp;
      if (!sampler.keep(index, timestamp)) {
        continue;
      }
      Mat borrowed = converter.convert(frame);
      return Optional.of(new VideoFrame(index, timestamp, copier.ownedCopy(borrowed)));
    }
    return Optional.empty();
  }

  private void checkNotTruncated() throws CorruptVideoException {
    if (info.frameCount().isPresent() && decoded < info.frameCount().getAsLong()) {
      throw new CorruptVideoException(file, decoded,
          "stream ends after " + decoded + " frames but the container declares "
              + info.frameCount().getAsLong() + " (file truncated or damaged)", null);
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
    } catch (java.io.IOException e) {
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
