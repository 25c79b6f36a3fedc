package dev.scenelabeler.jobs.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.jobs.testing.TestDataFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VideoInputsTest {

  @TempDir Path out;

  @Test
  void shouldTakeAFileUriAsTheLocalFile() {
    Path clip = TestDataFiles.streetClip();
    List<VideoInput> videos = VideoInputs.expand(List.of(clip.toUri().toString()), out);
    assertThat(videos).extracting(VideoInput::path).containsExactly(clip.toString());
    assertThat(videos).extracting(VideoInput::cameraId).containsExactly("street-480x360-15fps");
  }

  @Test
  void shouldListTheVideosOfAFolderOnAFlinkFileSystem() throws Exception {
    Path folder = Files.createDirectory(out.resolve("clips"));
    Files.copy(TestDataFiles.streetClip(), folder.resolve("b.mp4"));
    Files.copy(TestDataFiles.streetClip(), folder.resolve("a.mp4"));
    Files.writeString(folder.resolve("notes.txt"), "not a video");
    // What an s3:// folder goes through, on the one Flink file system every JVM has ("file").
    assertThat(VideoInputs.resolveUri(folder.toUri().toString()))
        .containsExactly(
            folder.resolve("a.mp4").toUri().toString().replace("file:///", "file:/"),
            folder.resolve("b.mp4").toUri().toString().replace("file:///", "file:/"));
    assertThat(VideoInputs.expand(List.of(folder.toUri().toString()), out))
        .extracting(VideoInput::cameraId)
        .containsExactly("a", "b");
  }

  @Test
  void shouldCopyAVideoFromAFlinkFileSystemToALocalFileByteForByte() throws Exception {
    Path clip = TestDataFiles.streetClip();
    Path copy = SharedStorageCopy.toLocalFile(clip.toUri().toString());
    try {
      assertThat(copy.getFileName().toString()).endsWith(".mp4");
      assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(clip));
    } finally {
      Files.deleteIfExists(copy);
    }
  }

  @Test
  void shouldNameTheUriAndTheMissingPluginForAnUnknownFileSystem() {
    assertThatThrownBy(() -> VideoInputs.expand(List.of("nosuchfs://bucket/clip.mp4"), out))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("nosuchfs://bucket/clip.mp4")
        .hasMessageContaining("plugin");
  }

  @Test
  void shouldGiveEachVideoAnOutputFolderUnderAUriOrALocalRoot() {
    List<VideoInput> onS3 =
        VideoInputs.expand(List.of(TestDataFiles.streetClip().toString()), "s3://bucket/out");
    assertThat(onS3.get(0).outputDir()).isEqualTo("s3://bucket/out/street-480x360-15fps");
    assertThat(onS3.get(0).outputIsUri()).isTrue();
    List<VideoInput> local =
        VideoInputs.expand(List.of(TestDataFiles.streetClip().toString()), "out");
    assertThat(local.get(0).outputDir())
        .isEqualTo(Path.of("out/street-480x360-15fps").toAbsolutePath().toString());
    assertThat(local.get(0).outputIsUri()).isFalse();
  }

  @Test
  void shouldUploadEveryFileOfAFolderToAFlinkFileSystemKeepingItsLayout(@TempDir Path dir)
      throws Exception {
    Path staged = Files.createDirectories(dir.resolve("staged/masks"));
    Files.writeString(staged.resolve("mask-000000.png"), "png");
    Files.writeString(dir.resolve("staged/summary.json"), "{}");
    Path target = dir.resolve("remote/video");

    SharedStorageCopy.uploadTree(dir.resolve("staged"), target.toUri().toString());

    assertThat(target.resolve("masks/mask-000000.png")).hasContent("png");
    assertThat(target.resolve("summary.json")).hasContent("{}");
  }
}
