package dev.scenelabeler.jobs.streaming;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;

/**
 * Checkpoints that outlive the process: kept on a file system, retained when the job is cancelled
 * or its JVM dies, and found again when the same job starts. A restarted job must resume from its
 * last checkpoint, not from the consumer group's offsets: those are committed after the
 * checkpoint's mask transactions, so they may lag them, and resuming from them would write some
 * masks twice.
 *
 * <p>Flink's layout under the checkpoint directory: {@code <job-id>/chk-<n>/_metadata}, one job-id
 * folder per run; a restored run continues the checkpoint numbers of the run it came from.
 */
public final class DurableCheckpoints {

  /** The checkpoint folder of one completed checkpoint holds this file, written last. */
  static final String METADATA = "_metadata";

  private static final Pattern CHECKPOINT_FOLDER = Pattern.compile("chk-(\\d+)");

  private DurableCheckpoints() {}

  /**
   * {@code ~/.scene-labeler/checkpoints/<group>}: one folder per consumer group, since the group
   * names what the job has read (characters other than letters, digits, '.', '_' and '-' become
   * '_').
   */
  public static Path defaultDirectory(String groupId) {
    return Path.of(
        System.getProperty("user.home"),
        ".scene-labeler",
        "checkpoints",
        groupId.replaceAll("[^A-Za-z0-9._-]", "_"));
  }

  /**
   * {@code dir} as a URI Flink accepts: a URI with a scheme is kept, a plain path made absolute.
   */
  public static URI toUri(String dir) {
    if (dir.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      return URI.create(dir);
    }
    return Path.of(dir).toAbsolutePath().normalize().toUri();
  }

  /**
   * Sets {@code conf} to keep checkpoints in {@code dir} (file system storage) and to retain the
   * last one when the job is cancelled or fails for good.
   */
  public static Configuration retainIn(Configuration conf, URI dir) {
    conf.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
    conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.toString());
    conf.set(
        CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
        ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
    return conf;
  }

  /**
   * Sets {@code conf} to start the job from {@code checkpointOrSavepoint} (a {@code chk-<n>} or
   * savepoint folder). {@code claim}: the job takes the checkpoint over and deletes it once a newer
   * one exists (for the job's own retained checkpoints); otherwise it is left untouched (a
   * savepoint the user gave).
   */
  public static Configuration resumeFrom(
      Configuration conf, String checkpointOrSavepoint, boolean claim) {
    conf.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpointOrSavepoint);
    conf.set(
        StateRecoveryOptions.RESTORE_MODE,
        claim ? RecoveryClaimMode.CLAIM : RecoveryClaimMode.NO_CLAIM);
    return conf;
  }

  /**
   * The newest completed checkpoint under {@code dir} (any run's): the {@code chk-<n>} folder with
   * a {@code _metadata} file, newest by that file's time, then by {@code n}; empty where there is
   * none or {@code dir} does not exist.
   *
   * @throws UncheckedIOException if {@code dir} cannot be listed
   */
  public static Optional<URI> latestCompleted(URI dir) {
    try {
      org.apache.flink.core.fs.Path root = new org.apache.flink.core.fs.Path(dir);
      FileSystem fs = root.getFileSystem();
      if (!fs.exists(root)) {
        return Optional.empty();
      }
      Candidate best = null;
      for (FileStatus run : list(fs, root)) {
        if (!run.isDir()) {
          continue;
        }
        for (FileStatus checkpoint : list(fs, run.getPath())) {
          Matcher m = CHECKPOINT_FOLDER.matcher(checkpoint.getPath().getName());
          if (!checkpoint.isDir() || !m.matches()) {
            continue;
          }
          org.apache.flink.core.fs.Path metadata =
              new org.apache.flink.core.fs.Path(checkpoint.getPath(), METADATA);
          long modified;
          try {
            modified = fs.getFileStatus(metadata).getModificationTime();
          } catch (FileNotFoundException inProgressOrSubsumed) {
            continue; // in progress, abandoned when the process died, or deleted by a running job
            // just now
          }
          Candidate candidate =
              new Candidate(checkpoint.getPath().toUri(), modified, Long.parseLong(m.group(1)));
          if (best == null || Candidate.ORDER.compare(candidate, best) > 0) {
            best = candidate;
          }
        }
      }
      return Optional.ofNullable(best).map(Candidate::uri);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot look for retained checkpoints in " + dir + ": " + e.getMessage(), e);
    }
  }

  private static FileStatus[] list(FileSystem fs, org.apache.flink.core.fs.Path dir)
      throws IOException {
    try {
      FileStatus[] entries = fs.listStatus(dir);
      return entries == null ? new FileStatus[0] : entries;
    } catch (FileNotFoundException deletedWhileListing) {
      return new FileStatus[0]; // a running job subsumed this checkpoint between two listings
    }
  }

  private record Candidate(URI uri, long modified, long number) {
    static final Comparator<Candidate> ORDER =
        Comparator.comparingLong(Candidate::modified).thenComparingLong(Candidate::number);
  }
}
