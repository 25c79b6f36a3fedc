package dev.scenelabeler.jobs.batch;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/** The enumerator's checkpoint: the videos not yet handed to a reader. */
final class PendingSplitsSerializer
    implements SimpleVersionedSerializer<Collection<VideoFileSplit>> {

  private static final int VERSION = 1;

  @Override
  public int getVersion() {
    return VERSION;
  }

  @Override
  public byte[] serialize(Collection<VideoFileSplit> splits) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeInt(splits.size());
      for (VideoFileSplit split : splits) {
        VideoFileSplitSerializer.write(split, out);
      }
    }
    return bytes.toByteArray();
  }

  @Override
  public Collection<VideoFileSplit> deserialize(int version, byte[] serialized) throws IOException {
    if (version != VERSION) {
      throw new IOException(
          "pending video splits version "
              + version
              + " is not supported (this reader knows "
              + VERSION
              + ")");
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(serialized))) {
      int count = in.readInt();
      List<VideoFileSplit> splits = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        splits.add(VideoFileSplitSerializer.read(in));
      }
      return splits;
    }
  }
}
