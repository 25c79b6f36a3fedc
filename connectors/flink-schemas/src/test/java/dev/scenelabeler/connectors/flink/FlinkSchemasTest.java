package dev.scenelabeler.connectors.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.connectors.records.DeadLetter;
import dev.scenelabeler.connectors.records.DeadLetterFormat;
import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.MaskStats;
import dev.scenelabeler.connectors.records.MaskStatsJson;
import dev.scenelabeler.connectors.records.RawHeader;
import dev.scenelabeler.connectors.records.RawRecord;
import dev.scenelabeler.connectors.records.RecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.RecordSerdes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.connector.kafka.lineage.KafkaDatasetFacet;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class FlinkSchemasTest {

  private static final LabelSetDescriptor LABELS =
      new LabelSetDescriptor(
          "scene6-v1",
          List.of("sky", "tree", "road", "building", "pedestrian", "other"),
          new int[] {1, 2, 3, 4, 5, 6});

  private static MaskRecord mask() {
    byte[] classes = new byte[12 * 8];
    for (int i = 0; i < classes.length; i++) {
      classes[i] = (byte) (i % 6);
    }
    return MaskRecord.builder()
        .setFrame("cam-7", 99, 1_700_000_000_000L)
        .setLabeledTimestampMs(1_700_000_000_120L)
        .setModel("farabet2013", "2")
        .setLabelSet(LABELS)
        .setClassIndices(12, 8, classes)
        .setMeanConfidence(0.8f)
        .build();
  }

  private static ConsumerRecord<byte[], byte[]> consumed() {
    RecordHeaders headers = new RecordHeaders();
    headers.add("trace-id", new byte[] {7, 7});
    return new ConsumerRecord<>(
        "frames",
        2,
        41,
        1_700_000_000_000L,
        TimestampType.CREATE_TIME,
        5,
        3,
        "cam-1".getBytes(StandardCharsets.UTF_8),
        new byte[] {'F', 1, 0},
        headers,
        Optional.empty());
  }

  @Test
  void shouldHandEveryKafkaRecordOnUnparsed() throws Exception {
    RawRecordDeserializationSchema schema =
        InstantiationUtil.clone(new RawRecordDeserializationSchema());
    List<RawRecord> out = new ArrayList<>();

    schema.deserialize(consumed(), collector(out));

    assertThat(out)
        .singleElement()
        .satisfies(
            raw -> {
              assertThat(raw.origin()).isEqualTo("frames-2@41");
              assertThat(raw.key()).isEqualTo("cam-1".getBytes(StandardCharsets.UTF_8));
              assertThat(raw.value()).containsExactly('F', 1, 0);
              assertThat(raw.headers())
                  .containsExactly(new RawHeader("trace-id", new byte[] {7, 7}));
            });
  }

  @Test
  void shouldCarryRawRecordsThroughFlinksTypeSerializer() throws Exception {
    RawRecord raw = RawRecord.of(consumed());
    RawRecord tombstone =
        new RawRecord("frames", 0, 1, 2, null, null, List.of(new RawHeader("h", null)));
    TypeSerializer<RawRecord> serializer =
        new RawRecordDeserializationSchema()
            .getProducedType()
            .createSerializer(new SerializerConfigImpl());

    for (RawRecord record : List.of(raw, tombstone)) {
      DataOutputSerializer bytes = new DataOutputSerializer(256);
      serializer.serialize(record, bytes);
      RawRecord copy = serializer.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
      assertThat(copy).isEqualTo(record);
      assertThat(serializer.copy(record)).isEqualTo(record);
    }
  }

  @Test
  void shouldWriteMasksKeyedByCameraAtLabelTime() throws Exception {
    MaskRecord mask = mask();

    ProducerRecord<byte[], byte[]> record =
        cloned("masks", MaskRecordFormat.INSTANCE).serialize(mask, null, null);

    assertThat(record.topic()).isEqualTo("masks");
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("cam-7");
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_120L);
    assertThat(record.value())
        .isEqualTo(MaskRecordFormat.INSTANCE.write(mask, RecordLimits.DEFAULTS));
    assertThat(RecordSerdes.masks().deserialize("masks", record.value())).isEqualTo(mask);
  }

  @Test
  void shouldWriteStatsAsJsonKeyedByCameraAtLabelTime() throws Exception {
    MaskStats stats = MaskStats.of(mask());

    ProducerRecord<byte[], byte[]> record =
        cloned("mask-stats", MaskStatsJson.INSTANCE).serialize(stats, null, null);

    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("cam-7");
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_120L);
    assertThat(new String(record.value(), StandardCharsets.UTF_8))
        .startsWith("{\"formatVersion\":1,\"camera\":\"cam-7\"");
    assertThat(RecordSerdes.maskStats().deserialize("mask-stats", record.value())).isEqualTo(stats);
    assertThat(stats.latencyMs()).isEqualTo(120);
  }

  @Test
  void shouldWriteDeadLettersWithTheOriginalBytesAndTheReason() throws Exception {
    RawRecord raw = RawRecord.of(consumed());
    DeadLetter letter =
        new DeadLetter(raw, "parse-frame", "frame record too short: 3 bytes", 1_700_000_000_500L);

    ProducerRecord<byte[], byte[]> record =
        cloned("frames-dlq", DeadLetterFormat.INSTANCE).serialize(letter, null, null);

    assertThat(record.topic()).isEqualTo("frames-dlq");
    assertThat(record.timestamp()).isEqualTo(1_700_000_000_500L);
    assertThat(record.key()).isEqualTo(raw.key());
    assertThat(record.value()).isEqualTo(raw.value());
    assertThat(record.headers().toArray()[0].key()).isEqualTo("trace-id");
    assertThat(
            new String(
                record.headers().lastHeader(DeadLetterFormat.REASON_HEADER).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("frame record too short: 3 bytes");
    assertThat(
            new String(
                record.headers().lastHeader(DeadLetterFormat.OFFSET_HEADER).value(),
                StandardCharsets.UTF_8))
        .isEqualTo("41");
  }

  @Test
  void shouldDeclareItsTopicForTransactionRecoveryAndLineage() throws Exception {
    Optional<KafkaDatasetFacet> facet =
        cloned("masks-of-site-4", MaskRecordFormat.INSTANCE).getKafkaDatasetFacet();

    assertThat(facet)
        .hasValueSatisfying(
            f -> assertThat(f.getTopicIdentifier().getTopics()).containsExactly("masks-of-site-4"));
  }

  /** A schema as the task managers get it: through Java serialization. */
  private static <T> TopicSerializationSchema<T> cloned(String topic, RecordFormat<T> format)
      throws Exception {
    return InstantiationUtil.clone(
        new TopicSerializationSchema<>(topic, format, RecordLimits.DEFAULTS));
  }

  private static <T> Collector<T> collector(List<T> out) {
    return new Collector<>() {
      @Override
      public void collect(T record) {
        out.add(record);
      }

      @Override
      public void close() {}
    };
  }
}
