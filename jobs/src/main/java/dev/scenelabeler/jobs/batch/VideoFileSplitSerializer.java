package dev.scenelabeler.jobs.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** Splits in checkpoints and on the wire: camera id, path, output folder, frames emitted. */
final class VideoFileSplitSerializer implements SimpleVersionedSerializer<VideoFileSplit> {

  static final VideoFileSplitSerializer INSTANCE = new VideoFileSplitSerializer();
  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(VideoFileSplit split) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(split, out);
    }
    return bytes.toByteArray();
  }

  @Override
  public VideoFileSplit deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "video split version "
              + version
              + " is not supported (this reader knows "
              + VERSION
              + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      return read(in);
    }
  }

  static void write(VideoFileSplit split, DataOutputStream out) throws IOException {
    out.writeUTF(split.video().cameraId());
    out.writeUTF(split.video().path());
    out.writeUTF(split.video().outputDir());
    out.writeLong(split.framesEmitted());
  }

  static VideoFileSplit read(DataInputStream in) throws IOException {
    return new VideoFileSplit(
        new VideoInput(in.readUTF(), in.readUTF(), in.readUTF()), in.readLong());
  }
}
