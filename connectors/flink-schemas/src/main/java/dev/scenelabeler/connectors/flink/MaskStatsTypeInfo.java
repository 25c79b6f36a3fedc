package dev.scenelabeler.connectors.flink;

import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RecordLimits;
import java.io.IOException;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's type for {@link MaskStats}: each record travels between tasks as its own JSON ({@link
 * MaskStatsJson}). Flink's POJO serializer would carry the class fractions as a {@code HashMap},
 * and the stats on Kafka would then list classes in hash order instead of the label set's order
 * that FORMATS.md promises (the dashboard read such records by position).
 */
public final class MaskStatsTypeInfo extends TypeInformation<MaskStats> {

  private static final long serialVersionUID = 1L;

  public static final MaskStatsTypeInfo INSTANCE = new MaskStatsTypeInfo();

  private MaskStatsTypeInfo() {}

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<MaskStats> getTypeClass() {
    return MaskStats.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<MaskStats> createSerializer(SerializerConfig config) {
    return Serializer.INSTANCE;
  }

  @Override
  public String toString() {
    return "MaskStats (as mask-stats JSON)";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MaskStatsTypeInfo;
  }

  @Override
  public int hashCode() {
    return MaskStatsTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object o) {
    return o instanceof MaskStatsTypeInfo;
  }

  /** Length-prefixed mask-stats JSON; records are immutable, so copies are the record itself. */
  static final class Serializer extends TypeSerializerSingleton<MaskStats> {

    private static final long serialVersionUID = 1L;
    static final Serializer INSTANCE = new Serializer();

    @Override
    public boolean isImmutableType() {
      return true;
    }

    @Override
    public MaskStats createInstance() {
      return null;
    }

    @Override
    public MaskStats copy(MaskStats from) {
      return from;
    }

    @Override
    public MaskStats copy(MaskStats from, MaskStats reuse) {
      return from;
    }

    @Override
    public int getLength() {
      return -1;
    }

    @Override
    public void serialize(MaskStats stats, DataOutputView target) throws IOException {
      byte[] json = MaskStatsJson.INSTANCE.write(stats, RecordLimits.DEFAULTS);
      target.writeInt(json.length);
      target.write(json);
    }

    @Override
    public MaskStats deserialize(DataInputView source) throws IOException {
      byte[] json = new byte[source.readInt()];
      source.readFully(json);
      return MaskStatsJson.INSTANCE.read(json, RecordLimits.DEFAULTS);
    }

    @Override
    public MaskStats deserialize(MaskStats reuse, DataInputView source) throws IOException {
      return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
      byte[] json = new byte[source.readInt()];
      source.readFully(json);
      target.writeInt(json.length);
      target.write(json);
    }

    @Override
    public TypeSerializerSnapshot<MaskStats> snapshotConfiguration() {
      return new SerializerSnapshot();
    }
  }

  /** The serializer has no configuration: any snapshot restores the one instance. */
  public static final class SerializerSnapshot extends SimpleTypeSerializerSnapshot<MaskStats> {
    public SerializerSnapshot() {
      super(() -> Serializer.INSTANCE);
    }
  }
}
