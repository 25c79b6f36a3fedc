package dev.scenelabeler.jobs.batch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Turns command-line arguments into videos: a video file; a folder of video files (each one a
 * video); a folder of images (one video, frames in name order); a glob such as {@code clips/*.mp4};
 * or a URI on a Flink file system, a file or a folder of videos ({@code file:///data/clip.mp4},
 * {@code s3://bucket/clips/} with the cluster's S3 plugin). Each video gets a unique camera id from
 * its name and an output folder.
 */
public final class VideoInputs {

  static final Set<String> VIDEO_EXTENSIONS =
      Set.of("mp4", "mkv", "avi", "mov", "webm", "m4v", "mpg", "mpeg", "ts");
  static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "tif", "tiff");

  private VideoInputs() {}

  public static List<VideoInput> expand(List<String> arguments, Path outputRoot) {
    return expand(arguments, outputRoot.toAbsolutePath().toString());
  }

  /**
   * @param outputRoot a local or shared folder, or a folder on a Flink file system ({@code
   *     s3://bucket/out}): each video's outputs go to a subfolder named after its camera id
   */
  public static List<VideoInput> expand(List<String> arguments, String outputRoot) {
    List<String> files = new ArrayList<>(); // absolute local paths or URIs
    List<String> stems = new ArrayList<>();
    for (String argument : arguments) {
      if (SharedStorageCopy.isUri(argument) && argument.startsWith("file:")) {
        argument =
            Path.of(URI.create(argument)).toString(); // local: globs and image folders work too
      }
      if (SharedStorageCopy.isUri(argument)) {
        for (String uri : resolveUri(argument)) {
          files.add(uri);
          String name = new org.apache.flink.core.fs.Path(uri).getName();
          int dot = name.lastIndexOf('.');
          stems.add((dot > 0 ? name.substring(0, dot) : name).replaceAll("[^A-Za-z0-9._-]", "_"));
        }
        continue;
      }
      for (Path file : resolve(argument)) {
        files.add(file.toAbsolutePath().toString());
        stems.add(stem(file));
      }
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException("no videos found in " + arguments);
    }
    Map<String, Integer> seen = new HashMap<>();
    List<VideoInput> videos = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      String base = stems.get(i);
      int n = seen.merge(base, 1, Integer::sum);
      String id = n == 1 ? base : base + "-" + n;
      videos.add(new VideoInput(id, files.get(i), child(outputRoot, id)));
    }
    return videos;
  }

  /** {@code root/name}: a URI on a Flink file system stays one, anything else is a local path. */
  static String child(String root, String name) {
    if (SharedStorageCopy.isUri(root) && root.startsWith("file:")) {
      root = Path.of(URI.create(root)).toString();
    }
    if (SharedStorageCopy.isUri(root)) {
      return new org.apache.flink.core.fs.Path(new org.apache.flink.core.fs.Path(root), name)
          .toString();
    }
    return Path.of(root).resolve(name).toAbsolutePath().toString();
  }

  /** A file, or the video files in a folder, on a Flink file system. */
  static List<String> resolveUri(String argument) {
    org.apache.flink.core.fs.Path path = new org.apache.flink.core.fs.Path(URI.create(argument));
    try {
      FileSystem fs = path.getFileSystem();
      FileStatus status = fs.getFileStatus(path);
      if (!status.isDir()) {
        return List.of(argument);
      }
      List<String> videos = new ArrayList<>();
      for (FileStatus child : fs.listStatus(path)) {
        if (!child.isDir()
            && VIDEO_EXTENSIONS.contains(extension(Path.of(child.getPath().getName())))) {
          videos.add(child.getPath().toUri().toString());
        }
      }
      if (videos.isEmpty()) {
        throw new IllegalArgumentException(
            argument + " holds no video files (" + VIDEO_EXTENSIONS + ")");
      }
      videos.sort(null);
      return videos;
    } catch (IOException e) {
      throw new IllegalArgumentException(
          argument
              + ": cannot read it through Flink's file systems ("
              + e.getMessage()
              + "; for s3:// and others the file-system plugin must be installed)",
          e);
    }
  }

  private static List<Path> resolve(String argument) {
    if (argument.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
      return glob(argument);
    }
    Path path = Path.of(argument);
    if (Files.isRegularFile(path)) {
      return List.of(path);
    }
    if (!Files.isDirectory(path)) {
      throw new IllegalArgumentException(
          argument + " is neither a video file, a folder nor a glob that matches");
    }
    List<Path> videos = list(path, VIDEO_EXTENSIONS);
    if (!videos.isEmpty()) {
      return videos;
    }
    if (!list(path, IMAGE_EXTENSIONS).isEmpty()) {
      return List.of(path); // an image sequence
    }
    throw new IllegalArgumentException(argument + " holds no video files and no images");
  }

  private static List<Path> glob(String pattern) {
    Path base = Path.of(pattern).getParent() == null ? Path.of(".") : Path.of(pattern).getParent();
    while (base.toString().chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{')) {
      base = base.getParent() == null ? Path.of(".") : base.getParent();
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + pattern);
    Path root = base;
    try (Stream<Path> paths = Files.walk(root)) {
      List<Path> matches =
          paths
              .filter(Files::isRegularFile)
              .filter(
                  p ->
                      matcher.matches(p)
                          || matcher.matches(root.relativize(p))
                          || matcher.matches(p.normalize()))
              .sorted()
              .toList();
      if (matches.isEmpty()) {
        throw new IllegalArgumentException("no file matches " + pattern);
      }
      return matches;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot search " + base + " for " + pattern, e);
    }
  }

  private static List<Path> list(Path dir, Set<String> extensions) {
    try (Stream<Path> paths = Files.list(dir)) {
      return paths
          .filter(Files::isRegularFile)
          .filter(p -> extensions.contains(extension(p)))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static String stem(Path p) {
    String name = p.toAbsolutePath().normalize().getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 && Files.isRegularFile(p) ? name.substring(0, dot) : name;
    return stem.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
