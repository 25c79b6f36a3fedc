package dev.scenelabeler.app.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./scene-labeler stream} as the drills run it: the small untrained network on CPU, every
 * frame labeled (archive mode), one subtask, checkpoints every 500 ms kept in {@code checkpoints},
 * a one-minute transaction timeout; {@code more} adds topics, groups and the like.
 */
public final class StreamArgs {

  private StreamArgs() {}

  public static List<String> archive(String bootstrap, Path checkpoints, String... more) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "stream",
                "--bootstrap",
                bootstrap,
                "--model",
                "untrained:farabet2013",
                "--mode",
                "archive",
                "--device",
                "cpu",
                "-p",
                "1",
                "--checkpoint-ms",
                "500",
                "--tx-timeout-ms",
                "60000",
                "--checkpoint-dir",
                checkpoints.toString()));
    args.addAll(List.of(more));
    return List.copyOf(args);
  }
}
