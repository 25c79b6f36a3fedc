package dev.scenelabeler.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.scenelabeler.jobs.cli.StreamingJobMain;
import dev.scenelabeler.jobs.labeling.DeviceAssignment;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files in docker/ against the build: docker-compose's own check, the FlinkDeployment against
 * its schema, and every class name, jar path, version and Flink key they mention against what the
 * Maven build produced. (Building the images and running them on GPUs cannot happen here: no Docker
 * daemon, no GPU; see docker/README.md.)
 */
class DeploymentFilesIT {

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT =
      Path.of(System.getProperty("project.root", "..")).toAbsolutePath().normalize();
  private static final Path DOCKER = ROOT.resolve("docker");
  private static final FlinkHome HOME =
      new FlinkHome(Path.of(System.getProperty("flink.home", "target/flink")));
  private static final String MAIN_CLASS = StreamingJobMain.class.getName();
  private static final String VERSION = System.getProperty("project.version", "0.1.0-SNAPSHOT");
  private static FlinkConfigKeys flinkKeys;

  @BeforeAll
  static void readFlinkKeys() {
    flinkKeys = FlinkConfigKeys.of(HOME.validate());
  }

  @Test
  void shouldPassDockerComposeConfigCheck() throws Exception {
    Result result = dockerCompose("config", "-q");
    System.out.println(
        "docker-compose -f docker/docker-compose.yml config -q: exit "
            + result.exit
            + (result.output.isBlank() ? "" : "\n" + result.output));
    assertThat(result.exit).as(result.output).isZero();
  }

  @Test
  void shouldRunTheJobJarsMainClassWithKnownFlinkSettingsAndOneGpuPerTaskManagerInCompose()
      throws Exception {
    Result resolved = dockerCompose("config");
    assertThat(resolved.exit).as(resolved.output).isZero();
    JsonNode services = YAML.readTree(resolved.output).path("services");

    List<String> command = strings(services.path("jobmanager").path("command"));
    assertThat(command).startsWith("standalone-job");
    assertThat(command.get(command.indexOf("--job-classname") + 1)).isEqualTo(MAIN_CLASS);
    JobJar.check(jobJar(), MAIN_CLASS);
    assertThat(services.path("kafka").path("image").asText())
        .isEqualTo("apache/kafka:" + System.getProperty("kafka.version"));

    List<String> deviceIds = new ArrayList<>();
    for (String name : List.of("jobmanager", "taskmanager-0", "taskmanager-1")) {
      JsonNode service = services.path(name);
      assertThat(service.path("build").path("dockerfile").asText())
          .isEqualTo("docker/Dockerfile.gpu");
      Map<String, Object> flink =
          flinkProperties(service.path("environment").path("FLINK_PROPERTIES").asText());
      assertKnownKeys(flink.keySet(), "docker-compose " + name);
      assertThat(flink.get("classloader.parent-first-patterns.additional"))
          .isEqualTo(ClusterConfig.NATIVE_PARENT_FIRST_PATTERNS);
      assertThat(flink.get("external-resources")).isEqualTo(List.of(DeviceAssignment.GPU_RESOURCE));
      assertThat(flink.get("external-resource.gpu.driver-factory.class"))
          .isEqualTo(ClusterConfig.GPU_DRIVER_FACTORY);
      if (name.startsWith("taskmanager")) {
        JsonNode device =
            service.path("deploy").path("resources").path("reservations").path("devices").path(0);
        assertThat(strings(device.path("capabilities"))).containsExactly("gpu");
        deviceIds.addAll(strings(device.path("device_ids")));
      }
    }
    assertThat(deviceIds).as("each TaskManager its own GPU").containsExactly("0", "1");
    assertThat(services.path("publisher").path("profiles").toString()).contains("publisher");
    assertThat(ROOT.resolve("test-data/street/street-480x360-15fps.mp4"))
        .as("the publisher's default video")
        .isRegularFile();
    assertGpuDriverInPlugin();
  }

  /**
   * A JobManager container that dies must come back with the running job, from its latest
   * checkpoint: Kafka offsets and the open mask transactions are in the checkpoint; starting the
   * job afresh from the group's committed offsets would write masks twice (README). Checks Flink's
   * standalone ZooKeeper HA in the resolved compose file: the same HA settings on every Flink
   * service, the ZooKeeper service the JobManager waits for, HA storage and checkpoints on a named
   * volume (not in the container), a cluster id (application mode derives the job's id from it, so
   * the restarted JobManager recovers the same job instead of submitting a second one), and a
   * restart policy that restarts the JobManager.
   */
  @Test
  void shouldRecoverTheJobAfterAJobManagerRestartThroughZooKeeperHaInCompose() throws Exception {
    Result resolved = dockerCompose("config");
    assertThat(resolved.exit).as(resolved.output).isZero();
    JsonNode compose = YAML.readTree(resolved.output);
    JsonNode services = compose.path("services");
    Set<String> namedVolumes = new TreeSet<>();
    compose.path("volumes").fieldNames().forEachRemaining(namedVolumes::add);

    JsonNode jobManager = services.path("jobmanager");
    Map<String, Object> flink =
        flinkProperties(jobManager.path("environment").path("FLINK_PROPERTIES").asText());
    assertKnownKeys(flink.keySet(), "docker-compose jobmanager");
    assertThat(flink.get("high-availability.type")).as("JobManager HA").isEqualTo("zookeeper");
    assertThat(String.valueOf(flink.get("high-availability.cluster-id")))
        .as("high-availability.cluster-id")
        .isNotBlank()
        .isNotEqualTo("null");
    assertThat(flink.get("execution.checkpointing.externalized-checkpoint-retention"))
        .isEqualTo("RETAIN_ON_CANCELLATION");

    // The quorum is the compose ZooKeeper service, which the JobManager waits for and which keeps
    // its data.
    String quorum = String.valueOf(flink.get("high-availability.zookeeper.quorum"));
    assertThat(quorum).as("high-availability.zookeeper.quorum").matches("[a-z0-9-]+:\\d+");
    String zookeeper = quorum.substring(0, quorum.indexOf(':'));
    assertThat(services.has(zookeeper))
        .as("service %s (the ZooKeeper quorum) in compose", zookeeper)
        .isTrue();
    assertThat(services.path(zookeeper).path("image").asText()).startsWith("zookeeper:");
    assertThat(quorum).endsWith(":2181"); // the zookeeper image's client port
    assertThat(services.path(zookeeper).path("healthcheck").path("test").isMissingNode())
        .as("%s has a health check", zookeeper)
        .isFalse();
    assertThat(jobManager.path("depends_on").path(zookeeper).path("condition").asText())
        .as("jobmanager depends_on %s", zookeeper)
        .isEqualTo("service_healthy");
    assertThat(volumeMountedAt(services.path(zookeeper), "/data", namedVolumes))
        .as("%s keeps /data on a named volume", zookeeper)
        .isNotNull();

    // HA storage and checkpoints on a named volume every Flink container mounts at the same place.
    for (String name : List.of("jobmanager", "taskmanager-0", "taskmanager-1")) {
      JsonNode service = services.path(name);
      Map<String, Object> config =
          flinkProperties(service.path("environment").path("FLINK_PROPERTIES").asText());
      for (String key :
          List.of(
              "high-availability.type",
              "high-availability.zookeeper.quorum",
              "high-availability.zookeeper.path.root",
              "high-availability.cluster-id",
              "high-availability.storageDir")) {
        assertThat(config.get(key)).as("%s in %s", key, name).isEqualTo(flink.get(key));
      }
      for (String key : List.of("high-availability.storageDir", "execution.checkpointing.dir")) {
        String uri = String.valueOf(config.get(key));
        assertThat(uri).as("%s in %s", key, name).startsWith("file:///");
        assertThat(volumeMountedAt(service, uri.substring("file://".length()), namedVolumes))
            .as("%s (%s) of %s on a named volume", key, uri, name)
            .isNotNull();
      }
      assertThat(service.path("restart").asText())
          .as("restart policy of %s", name)
          .isIn("always", "unless-stopped", "on-failure");
    }
    assertThat(services.path(zookeeper).path("restart").asText())
        .as("restart policy of %s", zookeeper)
        .isIn("always", "unless-stopped", "on-failure");
  }

  /**
   * The named volume mounted at {@code path} or a folder above it, or null (a bind mount or no
   * mount).
   */
  private static String volumeMountedAt(JsonNode service, String path, Set<String> namedVolumes) {
    String best = null;
    int bestLength = -1;
    for (JsonNode volume : service.path("volumes")) {
      String source;
      String target;
      if (volume
          .isTextual()) { // short syntax, as docker-compose v1 prints it: source:target[:mode]
        String[] parts = volume.asText().split(":");
        if (parts.length < 2) {
          continue; // an anonymous volume
        }
        source = parts[0];
        target = parts[1];
      } else {
        if (!"volume".equals(volume.path("type").asText("volume"))) {
          continue;
        }
        source = volume.path("source").asText();
        target = volume.path("target").asText();
      }
      String dir = target.endsWith("/") ? target : target + "/";
      if ((path.equals(target) || path.startsWith(dir)) && target.length() > bestLength) {
        best = namedVolumes.contains(source) ? source : null; // the longest mount decides
        bestLength = target.length();
      }
    }
    return best;
  }

  @Test
  void shouldCopyOnlyWhatTheBuildProducesIntoTheImages(@TempDir Path classes) throws Exception {
    for (String dockerfile : List.of("Dockerfile", "Dockerfile.gpu", "Dockerfile.tools")) {
      String text = Files.readString(DOCKER.resolve(dockerfile));
      Matcher copyFromBuild = Pattern.compile("COPY --from=build /src/(\\S+) ").matcher(text);
      int copies = 0;
      while (copyFromBuild.find()) {
        if (text.contains(
            "-DoutputDirectory=/src/" + copyFromBuild.group(1).replaceAll("/$", ""))) {
          copies++; // made inside the image's build stage (ONNX Runtime's 445 MB CUDA build), not
          // by ours
          continue;
        }
        Path built = ROOT.resolve(copyFromBuild.group(1));
        assertThat(built).as("%s copies %s", dockerfile, copyFromBuild.group(1)).exists();
        if (Files.isDirectory(built)) {
          assertThat(FlinkHome.jars(built)).as("jars in %s", built).isNotEmpty();
        }
        copies++;
      }
      Matcher copyFromContext = Pattern.compile("(?m)^COPY (?!--)(\\S+) ").matcher(text);
      while (copyFromContext.find()) {
        if (!copyFromContext.group(1).equals(".")) {
          assertThat(ROOT.resolve(copyFromContext.group(1)))
              .as("%s copies %s", dockerfile, copyFromContext.group(1))
              .exists();
        }
      }
      // The tools image runs the app module (the command line); the others take the job jar.
      String artifact = dockerfile.equals("Dockerfile.tools") ? "app-" : "jobs-";
      assertThat(text)
          .as("%s builds the project's own version", dockerfile)
          .contains(artifact + VERSION);
      if (!dockerfile.equals("Dockerfile.tools")) {
        assertThat(copies).isGreaterThanOrEqualTo(2);
        assertThat(text)
            .contains("ARG FLINK_IMAGE=flink:" + System.getProperty("flink.version") + "-");
        assertThat(text).contains("/opt/flink/usrlib/scene-labeler-job.jar");
      }
    }
    assertThat(ROOT.resolve("jobs/target/jobs-" + VERSION + "-job.jar")).isEqualTo(jobJar());
    String gpu = Files.readString(DOCKER.resolve("Dockerfile.gpu"));
    assertThat(gpu).contains("PYTORCH_VERSION=" + System.getProperty("pytorch.native.version"));
    assertThat(gpu).doesNotContain("lib-cpu");
    assertThat(gpu)
        .contains(
            "com.microsoft.onnxruntime:onnxruntime_gpu:$(mvn -B -q help:evaluate"
                + " -Dexpression=onnxruntime.version");
    // The images add natives only: Flink itself comes with the base image, in its own version.
    Path dockerLib = ROOT.resolve("cluster-tests/target/docker/lib");
    assertThat(FlinkHome.jars(dockerLib))
        .extracting(p -> p.getFileName().toString())
        .noneMatch(n -> n.startsWith("flink-") || n.startsWith("log4j") || n.startsWith("slf4j"))
        .anyMatch(n -> n.startsWith("pytorch-engine-"))
        .anyMatch(n -> n.startsWith("opencv-"))
        .noneMatch(n -> n.startsWith("pytorch-native-cpu"));
    // The build-time libtorch download program compiles against the jars the GPU image gives it.
    String classPath =
        FlinkHome.jars(dockerLib).stream()
            .map(Path::toString)
            .collect(Collectors.joining(File.pathSeparator));
    int javac =
        ToolProvider.getSystemJavaCompiler()
            .run(
                null,
                null,
                null,
                "-d",
                classes.toString(),
                "-cp",
                classPath,
                DOCKER.resolve("djl/FetchLibtorch.java").toString());
    assertThat(javac).as("javac docker/djl/FetchLibtorch.java").isZero();
  }

  @Test
  void shouldMatchTheFlinkDeploymentSchemaAndTheBuild() throws Exception {
    JsonNode kustomization = YAML.readTree(DOCKER.resolve("k8s/kustomization.yaml").toFile());
    for (JsonNode resource : kustomization.path("resources")) {
      assertThat(DOCKER.resolve("k8s").resolve(resource.asText())).isRegularFile();
    }
    JsonNode deployment = YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile());
    Set<ValidationMessage> problems = schema().validate(deployment);
    System.out.println(
        "docker/k8s/flink-deployment.yaml against the FlinkDeployment schema: "
            + (problems.isEmpty() ? "valid" : problems));
    assertThat(problems).isEmpty();

    JsonNode spec = deployment.path("spec");
    Map<String, Object> flink = new LinkedHashMap<>();
    spec.path("flinkConfiguration")
        .fields()
        .forEachRemaining(e -> flink.put(e.getKey(), e.getValue().asText()));
    assertKnownKeys(flink.keySet(), "FlinkDeployment");
    String flinkVersion = System.getProperty("flink.version");
    assertThat(spec.path("flinkVersion").asText())
        .isEqualTo(
            "v" + flinkVersion.substring(0, flinkVersion.lastIndexOf('.')).replace('.', '_'));
    assertThat(
            Arrays.asList(
                flink.get("classloader.parent-first-patterns.additional").toString().split(";")))
        .isEqualTo(ClusterConfig.NATIVE_PARENT_FIRST_PATTERNS);
    assertThat(flink.get("external-resources")).isEqualTo(DeviceAssignment.GPU_RESOURCE);
    assertThat(flink.get("external-resource.gpu.driver-factory.class"))
        .isEqualTo(ClusterConfig.GPU_DRIVER_FACTORY);
    String gpuKey = flink.get("external-resource.gpu.kubernetes.config-key").toString();
    assertThat(gpuKey).isEqualTo("nvidia.com/gpu");
    assertThat(
            spec.path("taskManager")
                .path("podTemplate")
                .path("spec")
                .path("containers")
                .path(0)
                .path("resources")
                .path("limits")
                .path(gpuKey)
                .asInt())
        .isEqualTo(1);

    JsonNode job = spec.path("job");
    assertThat(job.path("entryClass").asText()).isEqualTo(MAIN_CLASS);
    assertThat(job.path("jarURI").asText())
        .isEqualTo("local:///opt/flink/usrlib/scene-labeler-job.jar");
    assertThat(Files.readString(DOCKER.resolve("Dockerfile.gpu")))
        .contains(job.path("jarURI").asText().substring("local://".length()));
    // The Kafka bootstrap is a parameter: kustomize replaces the argument after --bootstrap.
    JsonNode replacement = kustomization.path("replacements").path(0);
    String fieldPath = replacement.path("targets").path(0).path("fieldPaths").path(0).asText();
    int index = Integer.parseInt(fieldPath.substring("spec.job.args.".length()));
    assertThat(job.path("args").path(index - 1).asText()).isEqualTo("--bootstrap");
    assertThat(Files.readString(DOCKER.resolve("k8s/params.env")))
        .containsPattern(
            "(?m)^"
                + replacement.path("source").path("fieldPath").asText().substring("data.".length())
                + "=\\S+:\\d+$");
  }

  /**
   * The operator's answer to the same: Kubernetes HA (a JobManager pod that dies is recreated and
   * recovers the job from its latest checkpoint), HA storage and checkpoints on the shared claim,
   * and upgradeMode last-state (which the operator only allows with HA).
   */
  @Test
  void shouldRecoverTheJobAfterAJobManagerPodRestartThroughKubernetesHa() throws Exception {
    JsonNode spec =
        YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile()).path("spec");
    JsonNode flink = spec.path("flinkConfiguration");
    assertThat(flink.path("high-availability.type").asText())
        .as("JobManager HA")
        .isEqualTo("kubernetes");
    assertThat(spec.path("job").path("upgradeMode").asText()).isEqualTo("last-state");
    JsonNode pod = spec.path("podTemplate").path("spec");
    String mountPath =
        pod.path("containers").path(0).path("volumeMounts").path(0).path("mountPath").asText();
    assertThat(pod.path("volumes").path(0).path("persistentVolumeClaim").path("claimName").asText())
        .isEqualTo(
            YAML.readTree(DOCKER.resolve("k8s/flink-data-pvc.yaml").toFile())
                .path("metadata")
                .path("name")
                .asText());
    for (String key : List.of("high-availability.storageDir", "execution.checkpointing.dir")) {
      assertThat(flink.path(key).asText()).as(key).startsWith("file://" + mountPath + "/");
    }
  }

  @Test
  void shouldRejectAMisspeltFieldInTheFlinkDeployment() throws Exception {
    JsonNode deployment = YAML.readTree(DOCKER.resolve("k8s/flink-deployment.yaml").toFile());
    ObjectNode resource = (ObjectNode) deployment.path("spec").path("taskManager").path("resource");
    resource.set("memroy", resource.remove("memory"));

    assertThat(schema().validate(deployment))
        .extracting(ValidationMessage::getMessage)
        .anyMatch(m -> m.contains("memroy"))
        .anyMatch(m -> m.contains("memory"));
  }

  @Test
  void shouldKnowFlinksKeysAndRejectAMisspeltOne() {
    assertThat(flinkKeys.size()).isGreaterThan(500);
    assertThat(flinkKeys.isKnown("taskmanager.numberOfTaskSlots")).isTrue();
    assertThat(flinkKeys.isKnown("taskmanager.numberOfTaskSlot")).isFalse();
    assertThat(flinkKeys.isKnown("external-resource.gpu.param.discovery-script.args")).isTrue();
  }

  @Test
  void shouldUseOnlyKnownKeysInTheLocalClusterConfig(@TempDir Path dir) {
    Map<String, Object> config =
        ClusterConfig.sessionCluster(dir, 1, 2, 3, 2, dir.resolve("script.sh"));
    assertKnownKeys(config.keySet(), "LocalFlinkCluster config.yaml");
  }

  private static void assertKnownKeys(Set<String> keys, String where) {
    assertThat(keys.stream().filter(k -> !flinkKeys.isKnown(k)).toList())
        .as("Flink keys unknown to %s in %s", System.getProperty("flink.version"), where)
        .isEmpty();
  }

  private static void assertGpuDriverInPlugin() throws IOException {
    Path plugin = FlinkHome.jars(HOME.plugins().resolve(FlinkHome.GPU_PLUGIN_DIR)).get(0);
    try (JarFile jar = new JarFile(plugin.toFile())) {
      assertThat(jar.getEntry(ClusterConfig.GPU_DRIVER_FACTORY.replace('.', '/') + ".class"))
          .isNotNull();
    }
  }

  private static JsonSchema schema() throws IOException {
    JsonNode schema =
        JSON.readTree(
            DOCKER.resolve("k8s/schema/flinkdeployment-v1beta1.subset.schema.json").toFile());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schema);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> flinkProperties(String yaml) throws IOException {
    return YAML.readValue(yaml, Map.class);
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }

  private static Path jobJar() {
    return Path.of(System.getProperty("job.jar")).toAbsolutePath().normalize();
  }

  private record Result(int exit, String output) {}

  /** Runs Debian's docker-compose (v1); skips the test where it is not installed. */
  private static Result dockerCompose(String... args) throws Exception {
    boolean installed =
        System.getenv("PATH") != null
            && Arrays.stream(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, "docker-compose")));
    assumeTrue(
        installed,
        "docker-compose is not installed (apt-get install --no-install-recommends docker-compose); "
            + "skipping the compose file check");
    List<String> command =
        new ArrayList<>(
            List.of("docker-compose", "-f", DOCKER.resolve("docker-compose.yml").toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), output);
  }
}
