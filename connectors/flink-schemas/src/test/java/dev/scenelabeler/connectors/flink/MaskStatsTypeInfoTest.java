package dev.scenelabeler.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.MaskStats;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

class MaskStatsTypeInfoTest {

  private static final List<String> LABEL_SET_ORDER =
      List.of("sky", "tree", "road", "building", "pedestrian", "other");

  private static MaskStats stats() {
    Map<String, Float> fractions = new LinkedHashMap<>();
    float share = 0.05f;
    for (String name : LABEL_SET_ORDER) {
      fractions.put(name, share);
      share += 0.05f;
    }
    return new MaskStats(
        MaskStats.FORMAT_VERSION,
        "cam-1",
        7,
        1_700_000_000_000L,
        1_700_000_000_090L,
        90,
        "mobilenetv2-fusion",
        fractions,
        0.9f,
        2,
        false);
  }

  private static MaskStats roundTrip(TypeSerializer<MaskStats> serializer, MaskStats stats)
      throws IOException {
    DataOutputSerializer out = new DataOutputSerializer(256);
    serializer.serialize(stats, out);
    return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
  }

  @Test
  void shouldKeepTheClassFractionsInLabelSetOrderBetweenTasks() throws IOException {
    MaskStats stats = stats();
    MaskStats read =
        roundTrip(MaskStatsTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl()), stats);

    assertThat(read).isEqualTo(stats);
    assertThat(read.classFractions().keySet()).containsExactlyElementsOf(LABEL_SET_ORDER);
  }

  @Test
  void shouldNotRelyOnFlinksOwnTypeForMaskStatsWhichLosesTheOrder() throws IOException {
    // Why MaskStatsTypeInfo exists: Flink's extracted type carries the map as a HashMap.
    TypeSerializer<MaskStats> flinks =
        TypeInformation.of(MaskStats.class).createSerializer(new SerializerConfigImpl());
    MaskStats read = roundTrip(flinks, stats());

    assertThat(read.classFractions()).isEqualTo(stats().classFractions());
    assertThat(List.copyOf(read.classFractions().keySet())).isNotEqualTo(LABEL_SET_ORDER);
  }

  @Test
  void shouldCopyASerializedRecordWithoutReadingIt() throws IOException {
    TypeSerializer<MaskStats> serializer =
        MaskStatsTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer first = new DataOutputSerializer(256);
    serializer.serialize(stats(), first);
    DataOutputSerializer copy = new DataOutputSerializer(256);
    serializer.copy(new DataInputDeserializer(first.getCopyOfBuffer()), copy);

    assertThat(copy.getCopyOfBuffer()).isEqualTo(first.getCopyOfBuffer());
  }

  @Test
  void shouldRestoreACompatibleSerializerFromItsSnapshot() throws Exception {
    TypeSerializer<MaskStats> serializer =
        MaskStatsTypeInfo.INSTANCE.createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(64);
    TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
    TypeSerializerSnapshot<MaskStats> restored =
        TypeSerializerSnapshot.readVersionedSnapshot(
            new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

    assertThat(restored.restoreSerializer()).isEqualTo(serializer);
    TypeSerializerSchemaCompatibility<MaskStats> compatibility =
        serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
    assertThat(compatibility.isCompatibleAsIs()).isTrue();
    assertThat(InstantiationUtil.clone(MaskStatsTypeInfo.INSTANCE))
        .isEqualTo(MaskStatsTypeInfo.INSTANCE);
  }
}
