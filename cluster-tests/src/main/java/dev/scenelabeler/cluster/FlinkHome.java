package dev.scenelabeler.cluster;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * A Flink installation laid out like the official distribution and image ({@code /opt/flink}):
 * {@code lib/} (the runtime and everything a job's class loader must not load itself), {@code
 * plugins/} (one folder per plugin, e.g. {@code external-resource-gpu/}). The build assembles one
 * in {@code cluster-tests/target/flink} from Maven Central, since Flink's distribution tarball is
 * not on Maven Central.
 */
public record FlinkHome(Path dir) {

  public static final String GPU_PLUGIN_DIR = "external-resource-gpu";

  public FlinkHome {
    dir = dir.toAbsolutePath().normalize();
  }

  public Path lib() {
    return dir.resolve("lib");
  }

  public Path plugins() {
    return dir.resolve("plugins");
  }

  /**
   * Checks that lib/ holds the Flink runtime and plugins/ the GPU plugin, naming what is missing.
   */
  public FlinkHome validate() {
    if (jars(lib()).stream()
        .noneMatch(j -> j.getFileName().toString().startsWith("flink-runtime-"))) {
      throw new IllegalStateException(
          "no flink-runtime jar in "
              + lib()
              + "; build it with: mvn -B -pl cluster-tests -am install -DskipTests");
    }
    if (jars(plugins().resolve(GPU_PLUGIN_DIR)).isEmpty()) {
      throw new IllegalStateException("no GPU plugin jar in " + plugins().resolve(GPU_PLUGIN_DIR));
    }
    return this;
  }

  /** The class path of a Flink process: every jar in lib/, in name order as Flink's scripts do. */
  public String classPath() {
    return String.join(File.pathSeparator, jars(lib()).stream().map(Path::toString).toList());
  }

  static List<Path> jars(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder, e);
    }
  }
}
