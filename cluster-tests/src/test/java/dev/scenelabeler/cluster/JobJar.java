package dev.scenelabeler.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/** The shaded job jar (jobs module, classifier {@code job}), as the cluster gets it. */
final class JobJar {

  private JobJar() {}

  /**
   * Copies the jar into {@code dir} and checks the copy: a readable zip whose manifest names {@code
   * mainClass} and which contains that class. Retried a few times, since a build in another shell
   * may be rewriting the jar while it is copied.
   */
  static Path snapshot(Path jar, Path dir, String mainClass) throws IOException {
    Files.createDirectories(dir);
    Path copy = dir.resolve(jar.getFileName());
    IOException last = null;
    for (int attempt = 0; attempt < 5; attempt++) {
      Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
      try {
        check(copy, mainClass);
        return copy;
      } catch (IOException e) {
        last = e;
        LocalFlinkCluster.sleep(Duration.ofSeconds(5));
      }
    }
    throw new IOException(jar + " is not a usable job jar: " + last.getMessage(), last);
  }

  static void check(Path jar, String mainClass) throws IOException {
    try (JarFile file = new JarFile(jar.toFile())) {
      String manifestMain =
          file.getManifest() == null
              ? null
              : file.getManifest().getMainAttributes().getValue("Main-Class");
      if (!mainClass.equals(manifestMain)) {
        throw new IOException("manifest Main-Class is " + manifestMain + ", expected " + mainClass);
      }
      ZipEntry entry = file.getEntry(mainClass.replace('.', '/') + ".class");
      if (entry == null) {
        throw new IOException(mainClass + " is not in the jar");
      }
      try (InputStream in = file.getInputStream(entry)) {
        in.readAllBytes(); // a jar rewritten under us fails here (invalid LOC header)
      }
    }
  }
}
