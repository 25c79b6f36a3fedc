package dev.scenelabeler.jobs.batch;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.core.fs.FileSystem;

/**
 * Moves files between this machine and any file system Flink knows ({@code s3://}, {@code hdfs://},
 * ... through the cluster's file-system plugins): a video comes down into a local temporary file
 * FFmpeg can seek in (the caller deletes the copy when done); a finished output folder goes up,
 * file by file.
 */
final class SharedStorageCopy {

  private SharedStorageCopy() {}

  /** Whether {@code path} names a file on a Flink file system rather than a local path. */
  static boolean isUri(String path) {
    return path.matches("[A-Za-z][A-Za-z0-9+.-]*://.*");
  }

  /**
   * Copies {@code uri} to a new temporary file, keeping its extension.
   *
   * @throws IOException naming the URI when the file system is unknown (no plugin) or the file
   *     cannot be read
   */
  static Path toLocalFile(String uri) throws IOException {
    org.apache.flink.core.fs.Path source = new org.apache.flink.core.fs.Path(URI.create(uri));
    FileSystem fs = fileSystemOf(source, uri);
    String name = source.getName();
    int dot = name.lastIndexOf('.');
    Path local =
        Files.createTempFile("scene-labeler-video-", dot > 0 ? name.substring(dot) : ".video");
    try (InputStream in = fs.open(source)) {
      Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(local);
      throw new IOException(uri + ": cannot read: " + e.getMessage(), e);
    }
    return local;
  }

  /**
   * Copies every file under {@code localDir} to the same relative path under {@code uri},
   * overwriting what is there.
   *
   * @throws IOException naming the URI when the file system is unknown (no plugin) or a file cannot
   *     be written
   */
  static void uploadTree(Path localDir, String uri) throws IOException {
    org.apache.flink.core.fs.Path target = new org.apache.flink.core.fs.Path(URI.create(uri));
    FileSystem fs = fileSystemOf(target, uri);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(localDir)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (Path file : files) {
      org.apache.flink.core.fs.Path to =
          new org.apache.flink.core.fs.Path(
              target, localDir.relativize(file).toString().replace(File.separatorChar, '/'));
      try (OutputStream out = fs.create(to, FileSystem.WriteMode.OVERWRITE)) {
        Files.copy(file, out);
      } catch (IOException | RuntimeException e) {
        throw new IOException(to + ": cannot write: " + e.getMessage(), e);
      }
    }
  }

  private static FileSystem fileSystemOf(org.apache.flink.core.fs.Path path, String uri)
      throws IOException {
    try {
      return path.getFileSystem();
    } catch (IOException e) {
      throw new IOException(
          uri
              + ": no Flink file system for scheme '"
              + path.toUri().getScheme()
              + "' (is its plugin in the cluster's plugins/ folder?): "
              + e.getMessage(),
          e);
    }
  }
}
