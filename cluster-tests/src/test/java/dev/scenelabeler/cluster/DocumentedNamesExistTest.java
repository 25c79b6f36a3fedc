package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.app.cli.SceneLabelerCli;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the user documents name must exist: a class or test the documents point to in backticks, a
 * fully qualified class of ours, a {@code ./scene-labeler COMMAND}. And the documents must not send
 * a reader to an issue number they cannot look up.
 *
 * <p>A backticked CamelCase name counts as ours unless it is in {@link #NOT_OURS} (names of Flink,
 * Kafka, the JDK and the like, which the documents mention on purpose); a name that is neither a
 * .java file of this repository nor a class a document's own code block declares fails the test.
 * Adding a library's name to {@link #NOT_OURS} is a deliberate act.
 */
class DocumentedNamesExistTest {

  private static final Path ROOT =
      Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();

  /** The documents a new user reads. */
  static final List<String> DOCUMENTS =
      List.of(
          "README.md",
          "docs/FORMATS.md",
          "docs/SECURITY.md",
          "docker/README.md",
          "models/MODEL.md");

  /** Backticked CamelCase names the documents use that are not classes of this project. */
  private static final Set<String> NOT_OURS =
      Set.of(
          // Flink
          "BashJavaUtils",
          "ConfigOption",
          "ExternalResourceDriverFactory",
          "ExternalResourceOptions",
          "FlinkDeployment",
          "FlinkException",
          "JobManager",
          "JobManagerProcessUtils",
          "PackagedProgram",
          "RestClusterClient",
          "SavepointRestoreSettings",
          "StringUtils",
          "TaskExecutorProcessUtils",
          "TaskManager",
          // Kafka and its clients
          "KafkaConsumer",
          "KafkaConfigurationError",
          "RecordDeserializationException",
          "SerializationException",
          "RecordTooLargeException",
          "InvalidTxnTimeoutException",
          "EnvVarConfigProvider",
          "FileConfigProvider",
          "StandardAuthorizer",
          // JDK
          "UnsatisfiedLinkError",
          // units and colours that look like names
          "MiB",
          "KiB",
          "GiB");

  /**
   * CamelCase with at least two humps: {@code SceneLabeler}, {@code ClusterFailoverIT}; not a
   * {@code -Dproperty}.
   */
  private static final Pattern CAMEL_CASE =
      Pattern.compile("(?<![#\\w-])[A-Z][a-z0-9]+(?:[A-Z][A-Za-z0-9]*)+\\b");

  private static final Pattern BACKTICKED = Pattern.compile("`([^`\\n]+)`");
  private static final Pattern FENCE = Pattern.compile("(?ms)^\\s*```.*?^\\s*```[^\\n]*$");
  private static final Pattern QUALIFIED =
      Pattern.compile("\\bdev\\.scenelabeler((?:\\.[a-z][a-z0-9]*)+)\\.([A-Z][A-Za-z0-9]*)");
  private static final Pattern DECLARED_CLASS =
      Pattern.compile("\\b(?:class|record|interface)\\s+([A-Z][A-Za-z0-9]*)");
  private static final Pattern COMMAND = Pattern.compile("\\./scene-labeler\\s+([a-z][a-z0-9-]*)");
  private static final Pattern ISSUE_NUMBER =
      Pattern.compile("(?i)\\b(?:issues?|PR|pull request)\\s*(?:#\\s*)?\\d+");

  private static Set<String> javaFiles;
  private static Set<String> qualifiedJavaFiles;

  @BeforeAll
  static void listJavaFiles() throws IOException {
    try (Stream<Path> files = Files.walk(ROOT)) {
      List<Path> java =
          files
              .filter(p -> !p.toString().contains("/.git/") && !p.toString().contains("/target/"))
              .filter(p -> p.getFileName().toString().endsWith(".java"))
              .toList();
      javaFiles =
          java.stream()
              .map(p -> p.getFileName().toString().replaceFirst("\\.java$", ""))
              .collect(Collectors.toCollection(TreeSet::new));
      qualifiedJavaFiles =
          java.stream()
              .map(p -> p.toString().replace('\\', '/'))
              .filter(p -> p.contains("/java/dev/scenelabeler/"))
              .map(
                  p ->
                      p.substring(p.indexOf("/java/dev/scenelabeler/") + "/java/".length())
                          .replaceFirst("\\.java$", "")
                          .replace('/', '.'))
              .collect(Collectors.toCollection(TreeSet::new));
    }
  }

  @Test
  void shouldNameOnlyClassesAndTestsThatExist() {
    Set<String> declaredInDocs = new TreeSet<>();
    forEachMatch(DECLARED_CLASS, (doc, m) -> declaredInDocs.add(m.group(1)));
    List<String> missing = new ArrayList<>();
    for (String doc : DOCUMENTS) {
      String prose = FENCE.matcher(read(doc)).replaceAll("");
      Matcher code = BACKTICKED.matcher(prose);
      while (code.find()) {
        Matcher name = CAMEL_CASE.matcher(code.group(1));
        while (name.find()) {
          String n = name.group();
          if (!javaFiles.contains(n) && !NOT_OURS.contains(n) && !declaredInDocs.contains(n)) {
            missing.add(
                doc
                    + ": `"
                    + code.group(1)
                    + "` names "
                    + n
                    + ", which is no .java file of this repository");
          }
        }
      }
    }
    assertThat(missing).as("backticked class names in the documents that do not exist").isEmpty();
  }

  @Test
  void shouldNameOnlyQualifiedClassesThatExist() {
    List<String> missing = new ArrayList<>();
    forEachMatch(
        QUALIFIED,
        (doc, m) -> {
          String name = "dev.scenelabeler" + m.group(1) + "." + m.group(2);
          if (!qualifiedJavaFiles.contains(name)) {
            missing.add(doc + ": " + name);
          }
        });
    assertThat(missing).as("fully qualified classes in the documents that do not exist").isEmpty();
  }

  @Test
  void shouldShowOnlyRealCommands() {
    Set<String> commands = SceneLabelerCli.newCommandLine().getSubcommands().keySet();
    List<String> unknown = new ArrayList<>();
    List<String> mentioned = new ArrayList<>();
    forEachMatch(
        COMMAND,
        (doc, m) -> {
          mentioned.add(m.group(1));
          if (!commands.contains(m.group(1))) {
            unknown.add(doc + ": ./scene-labeler " + m.group(1));
          }
        });
    assertThat(mentioned.size())
        .as("./scene-labeler commands found in the documents")
        .isGreaterThan(10);
    assertThat(unknown)
        .as("commands the documents show that are not subcommands of " + commands)
        .isEmpty();
  }

  @Test
  void shouldNotReferToIssueNumbers() {
    List<String> found = new ArrayList<>();
    for (String doc : DOCUMENTS) {
      String[] lines = read(doc).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        Matcher m = ISSUE_NUMBER.matcher(lines[i]);
        while (m.find()) {
          found.add(doc + ":" + (i + 1) + ": " + m.group());
        }
      }
    }
    assertThat(found)
        .as(
            "issue numbers a reader of the documents cannot look up; say what was measured, by"
                + " which test or command, instead")
        .isEmpty();
  }

  @Test
  void shouldRecogniseWhatItLooksFor() {
    assertThat(
            CAMEL_CASE
                .matcher("see `PackageCyclesTest` and `ScoreResize.resize`")
                .results()
                .count())
        .isEqualTo(2);
    assertThat(CAMEL_CASE.matcher("building `#C0504D`").find()).isFalse();
    assertThat(ISSUE_NUMBER.matcher("the drill of issue 12").find()).isTrue();
    assertThat(ISSUE_NUMBER.matcher("closing notes of issue #10").find()).isTrue();
    assertThat(ISSUE_NUMBER.matcher("Issues 4 and 6").find()).isTrue();
    assertThat(ISSUE_NUMBER.matcher("cam-1 #42 saved").find()).isFalse();
    assertThat(ISSUE_NUMBER.matcher("palette `#4A90E2`, `#2E8B3A`, 480x360 at 15 fps").find())
        .isFalse();
    assertThat(
            COMMAND
                .matcher("./scene-labeler label-video a.mp4")
                .results()
                .map(r -> r.group(1))
                .toList())
        .containsExactly("label-video");
    assertThat(FENCE.matcher("a\n```bash\n`x` y\n```\nb `Z`").replaceAll(""))
        .doesNotContain("`x`")
        .contains("`Z`");
  }

  /**
   * Gives {@code action} each match of {@code pattern} in each document, with the document's name.
   */
  private static void forEachMatch(Pattern pattern, BiConsumer<String, Matcher> action) {
    for (String doc : DOCUMENTS) {
      Matcher m = pattern.matcher(read(doc));
      while (m.find()) {
        action.accept(doc, m);
      }
    }
  }

  private static String read(String doc) {
    try {
      return Files.readString(ROOT.resolve(doc), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
