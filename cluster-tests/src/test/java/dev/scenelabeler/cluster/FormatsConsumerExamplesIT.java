package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.scenelabeler.connectors.kafka.EmbeddedKafkaBroker;
import dev.scenelabeler.connectors.kafka.KafkaTopics;
import dev.scenelabeler.connectors.records.LabelSetDescriptor;
import dev.scenelabeler.connectors.records.MaskRecord;
import dev.scenelabeler.connectors.records.MaskRecordFormat;
import dev.scenelabeler.connectors.records.RecordLimits;
import dev.scenelabeler.connectors.records.Topics;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.tools.ToolProvider;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The consumer and producer examples of docs/FORMATS.md, taken from the page itself (the fenced
 * code blocks under their headings, unchanged), run against the embedded broker. The broker holds
 * two masks of the same frame in the {@code masks} topic: first one written in a transaction that
 * was aborted (as after a failed checkpoint), then one in a committed transaction. An example that
 * reads committed data only saves and prints the committed mask once; one that reads uncommitted
 * data prints the aborted mask first.
 */
class FormatsConsumerExamplesIT {

  private static final Path FORMATS =
      Path.of(System.getProperty("project.root", ".."))
          .toAbsolutePath()
          .normalize()
          .resolve("docs/FORMATS.md");
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Duration WAIT = Duration.ofSeconds(120);

  private static final LabelSetDescriptor SCENE6 =
      new LabelSetDescriptor(
          "scene6-v1",
          List.of("sky", "tree", "road", "building", "pedestrian", "other"),
          new int[] {0x4A90E2, 0x2E8B3A, 0x8C8C8C, 0xC0504D, 0xFFD700, 0x8E44AD});
  private static final String CAMERA = "cam-1";
  private static final long SEQUENCE = 42;
  private static final long CAPTURE_MS = 1_700_000_000_000L;
  private static final int WIDTH = 8;
  private static final int HEIGHT = 4;

  /**
   * The committed mask: rows of sky (8 px), road (16 px), then building and pedestrian (4 px each).
   */
  private static final MaskRecord COMMITTED = mask(85, committedIndices());

  /** The aborted one: same frame, another labeling (all "other"), 60 ms after capture. */
  private static final MaskRecord ABORTED = mask(60, filled((byte) 5));

  private static final String PYTHON_COMMITTED_LINE =
      "cam-1-000042.png 8 x 4 latency 85 ms {'sky': 0.25, 'tree': 0.0,"
          + " 'road': 0.5, 'building': 0.125, 'pedestrian': 0.125, 'other': 0.0}";
  private static final String JAVA_COMMITTED_LINE =
      "cam-1 #42 8x4 latency 85 ms pixels per class"
          + " [sky, tree, road, building, pedestrian, other] [8, 0, 16, 4, 4, 0]";

  @TempDir Path work;
  private EmbeddedKafkaBroker broker;

  @AfterEach
  void stopBroker() {
    if (broker != null) {
      broker.close();
    }
  }

  @Test
  void shouldSaveOnlyTheCommittedMaskWithThePythonConfluentKafkaExample() throws Exception {
    assumePythonModule("confluent_kafka", "python3-confluent-kafka");
    String consumer = codeBlock("Reading masks: Python", "python", "from confluent_kafka import");
    assertThat(consumer).contains("\"isolation.level\": \"read_committed\"");
    startBrokerWithAnAbortedAndACommittedMask();

    List<String> output = runPythonExample(consumer, line -> line.startsWith("cam-1-000042.png"));

    assertSavedTheCommittedMaskOnly(output, "cam-1-", PYTHON_COMMITTED_LINE);
  }

  /**
   * kafka-python reads committed data only from 2.2 on; 2.0.x (Debian 12's python3-kafka) has no
   * isolation_level and always reads uncommitted data. The example must then refuse to start, as
   * FORMATS.md says, rather than save aborted masks.
   */
  @Test
  void shouldSaveOnlyTheCommittedMaskWithTheKafkaPythonExampleOrRefuseToStartOnKafkaPython20()
      throws Exception {
    assumePythonModule("kafka", "python3-kafka");
    String version = python("import kafka; print(kafka.__version__)").trim();
    String consumer =
        codeBlock("Reading masks: Python", "python", "from kafka import KafkaConsumer");
    assertThat(consumer).contains("isolation_level=\"read_committed\"");
    startBrokerWithAnAbortedAndACommittedMask();

    int[] parts =
        Arrays.stream(version.split("\\.")).limit(2).mapToInt(Integer::parseInt).toArray();
    boolean readsCommitted = parts[0] > 2 || (parts[0] == 2 && parts[1] >= 2);
    System.out.println(
        "kafka-python "
            + version
            + (readsCommitted ? ": runs the example" : ": must refuse isolation_level"));
    List<String> output = runPythonExample(consumer, line -> line.startsWith("cam-1-000042.png"));
    if (readsCommitted) {
      assertSavedTheCommittedMaskOnly(output, "cam-1-", PYTHON_COMMITTED_LINE);
    } else {
      assertThat(String.join("\n", output))
          .contains("Unrecognized configs")
          .contains("isolation_level");
      assertThat(output).noneMatch(line -> line.startsWith("cam-1-"));
      assertThat(work.resolve("cam-1-000042.png")).doesNotExist();
    }
  }

  @Test
  void shouldSaveOnlyTheCommittedMaskWithTheJavaExample() throws Exception {
    String source = codeBlock("Reading masks: Java", "java", "class MaskSaver");
    Path classes = compile("MaskSaver", source);
    startBrokerWithAnAbortedAndACommittedMask();

    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> output =
        run(
            List.of(
                java.toString(),
                "-cp",
                classes + File.pathSeparator + testClassPath(),
                "MaskSaver",
                broker.bootstrapServers()),
            line -> line.startsWith("cam-1 #42 "));

    assertSavedTheCommittedMaskOnly(output, "cam-1 #", JAVA_COMMITTED_LINE);
  }

  /** The kcat command in the page's list, run as a shell runs it, with this broker's address. */
  @Test
  void shouldPrintOnlyTheCommittedMaskWithTheKcatCommand() throws Exception {
    boolean installed =
        System.getenv("PATH") != null
            && Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "kcat")));
    assumeTrue(
        installed,
        "kcat is not installed (apt-get install kcat; .ci/run installs it); skipping the FORMATS.md"
            + " kcat command");
    Matcher kcat =
        Pattern.compile("(?m)^- kcat: `([^`]+)`").matcher(section("Reading committed masks only"));
    assertThat(kcat.find()).as("a '- kcat: `...`' line in FORMATS.md").isTrue();
    String command = kcat.group(1);
    assertThat(command)
        .contains("-X isolation.level=read_committed")
        .containsOnlyOnce("127.0.0.1:9092");
    startBrokerWithAnAbortedAndACommittedMask();

    // -e: kcat exits at the end of the partition (its output is buffered until then).
    List<String> output =
        run(
            List.of(
                "bash",
                "-c",
                "exec " + command.replace("127.0.0.1:9092", broker.bootstrapServers())),
            line -> false);

    // Key and offset: the aborted mask is at offset 0, its abort marker at 1, the committed mask at
    // 2.
    assertThat(output.stream().filter(line -> line.startsWith(CAMERA + " ")))
        .containsExactly(CAMERA + " 2");
  }

  @Test
  void shouldCompileTheJavaWritingExampleAndReadItsRecordBack() throws Exception {
    String source = codeBlock("Writing masks (Java, from plain data)", "java", "class MaskWriter");
    Path classes = compile("MaskWriter", source);
    byte[] indices = committedIndices();

    ProducerRecord<byte[], byte[]> record;
    try (URLClassLoader loader =
        new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
      Method maskRecord =
          loader
              .loadClass("MaskWriter")
              .getDeclaredMethod(
                  "maskRecord",
                  String.class,
                  long.class,
                  long.class,
                  int.class,
                  int.class,
                  byte[].class,
                  float.class);
      maskRecord.setAccessible(true);
      @SuppressWarnings("unchecked")
      ProducerRecord<byte[], byte[]> made =
          (ProducerRecord<byte[], byte[]>)
              maskRecord.invoke(null, CAMERA, SEQUENCE, CAPTURE_MS, WIDTH, HEIGHT, indices, 0.75f);
      record = made;
    }

    assertThat(record.topic()).isEqualTo(Topics.DEFAULTS.masks());
    assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(CAMERA);
    MaskRecord mask = MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS);
    assertThat(mask.cameraId()).isEqualTo(CAMERA);
    assertThat(mask.sequence()).isEqualTo(SEQUENCE);
    assertThat(mask.labelSet()).isEqualTo(SCENE6);
    assertThat(mask.classIndices()).isEqualTo(indices);
    assertThat(mask.classFractions()).containsExactly(0.25f, 0f, 0.5f, 0.125f, 0.125f, 0f);
    assertThat(mask.meanConfidence()).isEqualTo(0.75f);
  }

  /** One line for the frame, the committed mask's, and its PNG saved as it came. */
  private void assertSavedTheCommittedMaskOnly(
      List<String> output, String maskLinePrefix, String committedLine) throws IOException {
    List<String> masks = output.stream().filter(line -> line.startsWith(maskLinePrefix)).toList();
    assertThat(masks)
        .as("mask lines printed by the example (output:%n%s)", String.join("\n", output))
        .containsExactly(committedLine);
    Path png = work.resolve("cam-1-000042.png");
    assertThat(Files.readAllBytes(png)).as("saved PNG").isEqualTo(COMMITTED.maskPng());
    BufferedImage image = ImageIO.read(png.toFile());
    assertThat(image.getWidth()).isEqualTo(WIDTH);
    assertThat(image.getHeight()).isEqualTo(HEIGHT);
    byte[] pixels = new byte[WIDTH * HEIGHT];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        pixels[y * WIDTH + x] = (byte) image.getRaster().getSample(x, y, 0);
      }
    }
    assertThat(pixels).as("class indices of the saved PNG").isEqualTo(committedIndices());
  }

  private void startBrokerWithAnAbortedAndACommittedMask() throws Exception {
    broker = EmbeddedKafkaBroker.builder().build().start();
    broker.createTopics(KafkaTopics.defaults(Topics.DEFAULTS, 1));
    String topic = Topics.DEFAULTS.masks();
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ProducerConfig.TRANSACTIONAL_ID_CONFIG,
            "formats-examples-it");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.initTransactions();
      producer.beginTransaction();
      producer
          .send(MaskRecordFormat.INSTANCE.toProducerRecord(topic, ABORTED, RecordLimits.DEFAULTS))
          .get();
      producer.abortTransaction();
      producer.beginTransaction();
      producer
          .send(MaskRecordFormat.INSTANCE.toProducerRecord(topic, COMMITTED, RecordLimits.DEFAULTS))
          .get();
      producer.commitTransaction();
    }
    // The aborted mask is really in the log: a read_uncommitted consumer gets both, aborted first.
    assertThat(read(topic, "read_uncommitted"))
        .extracting(MaskRecord::labeledTimestampMs)
        .containsExactly(ABORTED.labeledTimestampMs(), COMMITTED.labeledTimestampMs());
    assertThat(read(topic, "read_committed"))
        .extracting(MaskRecord::labeledTimestampMs)
        .containsExactly(COMMITTED.labeledTimestampMs());
  }

  private List<MaskRecord> read(String topic, String isolationLevel) {
    Map<String, Object> config =
        Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
            broker.bootstrapServers(),
            ConsumerConfig.ISOLATION_LEVEL_CONFIG,
            isolationLevel);
    List<MaskRecord> masks = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      var partition = new TopicPartition(topic, 0);
      consumer.assign(List.of(partition));
      consumer.seekToBeginning(List.of(partition));
      long end = consumer.endOffsets(List.of(partition)).get(partition);
      long deadline = System.nanoTime() + WAIT.toNanos();
      while (consumer.position(partition) < end && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
          masks.add(MaskRecordFormat.INSTANCE.read(record.value(), RecordLimits.DEFAULTS));
        }
      }
    }
    return masks;
  }

  /** The page's parser block (the first Python block) and {@code consumer}, as one script. */
  private List<String> runPythonExample(String consumer, Predicate<String> done) throws Exception {
    String parser = codeBlock("Reading masks: Python", "python", "def parse_mask(");
    Path script = work.resolve("mask_saver.py");
    Files.writeString(script, parser + "\n\n" + consumer + "\n");
    return run(
        List.of(PYTHON.toString(), "-u", script.toString(), broker.bootstrapServers()), done);
  }

  /**
   * Runs {@code command} in the work directory until a line matches {@code done} (the examples
   * consume forever), it exits, or {@link #WAIT} passes; returns its output lines.
   */
  private List<String> run(List<String> command, Predicate<String> done) throws Exception {
    System.out.println(
        "running " + String.join(" ", command).replace(testClassPath(), "<test class path>"));
    Process process =
        new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).start();
    List<String> lines = Collections.synchronizedList(new ArrayList<>());
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader in =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                  lines.add(line);
                }
              } catch (IOException e) {
                if (process.isAlive()) {
                  lines.add("(reading the output failed: " + e + ")");
                } // else: destroyed below, which closes the stream
              }
            },
            "example-output");
    reader.setDaemon(true);
    reader.start();
    long deadline = System.nanoTime() + WAIT.toNanos();
    try {
      while (System.nanoTime() < deadline && process.isAlive()) {
        synchronized (lines) {
          if (lines.stream().anyMatch(done)) {
            break;
          }
        }
        Thread.sleep(100);
      }
    } finally {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      reader.join(5000);
    }
    synchronized (lines) {
      List<String> output = List.copyOf(lines);
      output.forEach(line -> System.out.println("  | " + line));
      return output;
    }
  }

  /**
   * Compiles a page's Java block (a public class named {@code className}) against the test class
   * path.
   */
  private Path compile(String className, String source) throws IOException {
    Path sources = Files.createDirectories(work.resolve("src"));
    Path classes = Files.createDirectories(work.resolve("classes"));
    Path file = sources.resolve(className + ".java");
    Files.writeString(file, source);
    int javac =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                testClassPath(),
                file.toString());
    assertThat(javac).as("javac of the %s example in docs/FORMATS.md", className).isZero();
    return classes;
  }

  private static String testClassPath() {
    return System.getProperty("java.class.path");
  }

  /**
   * The fenced {@code language} block under the heading {@code heading} of FORMATS.md that contains
   * {@code marker}; exactly one must.
   */
  static String codeBlock(String heading, String language, String marker) throws IOException {
    Matcher block =
        Pattern.compile("(?ms)^```" + language + "\\n(.*?)^```$").matcher(section(heading));
    List<String> found = new ArrayList<>();
    while (block.find()) {
      if (block.group(1).contains(marker)) {
        found.add(block.group(1));
      }
    }
    assertThat(found)
        .as("```%s blocks containing '%s' under '## %s'", language, marker, heading)
        .hasSize(1);
    return found.get(0);
  }

  /** The text under {@code ## heading} of FORMATS.md, up to the next such heading. */
  static String section(String heading) throws IOException {
    String page = Files.readString(FORMATS);
    int start = page.indexOf("\n## " + heading + "\n");
    assertThat(start).as("heading '## %s' in %s", heading, FORMATS).isNotNegative();
    int end = page.indexOf("\n## ", start + 1);
    return page.substring(start, end < 0 ? page.length() : end);
  }

  private static void assumePythonModule(String module, String debianPackage) throws Exception {
    assumeTrue(
        Files.isExecutable(PYTHON),
        PYTHON + " is not installed; skipping the FORMATS.md Python example");
    Process check =
        new ProcessBuilder(PYTHON.toString(), "-c", "import " + module)
            .redirectErrorStream(true)
            .start();
    check.getInputStream().readAllBytes();
    assumeTrue(
        check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0,
        "Python module "
            + module
            + " is not installed (apt-get install "
            + debianPackage
            + "; .ci/run installs it); skipping the FORMATS.md example that uses it");
  }

  private static String python(String code) throws Exception {
    Process process =
        new ProcessBuilder(PYTHON.toString(), "-c", code).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }

  private static MaskRecord mask(long latencyMs, byte[] indices) {
    return MaskRecord.builder()
        .setFrame(CAMERA, SEQUENCE, CAPTURE_MS)
        .setLabeledTimestampMs(CAPTURE_MS + latencyMs)
        .setModel("mobilenetv2-fusion", "test")
        .setLabelSet(SCENE6)
        .setClassIndices(WIDTH, HEIGHT, indices)
        .setMeanConfidence(0.875f)
        .build();
  }

  private static byte[] committedIndices() {
    byte[] indices = new byte[WIDTH * HEIGHT];
    Arrays.fill(indices, 0, 8, (byte) 0); // sky
    Arrays.fill(indices, 8, 24, (byte) 2); // road
    Arrays.fill(indices, 24, 28, (byte) 3); // building
    Arrays.fill(indices, 28, 32, (byte) 4); // pedestrian
    return indices;
  }

  private static byte[] filled(byte classIndex) {
    byte[] indices = new byte[WIDTH * HEIGHT];
    Arrays.fill(indices, classIndex);
    return indices;
  }
}
