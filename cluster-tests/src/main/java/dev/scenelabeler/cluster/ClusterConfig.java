package dev.scenelabeler.cluster;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Flink configuration of the local cluster, and of the images in docker/ (the keys that matter
 * for this job are the same; docker/README.md explains each). Plain data: {@link LocalFlinkCluster}
 * writes it to {@code conf/config.yaml}.
 */
public final class ClusterConfig {

  /**
   * Packages loaded from lib/ even when the job jar also contains them. Their classes load JNI
   * libraries (libtorch, OpenCV, FFmpeg, OpenBLAS) and a JNI library can be bound to one class
   * loader per JVM only: loaded by a job's own class loader, the next job (or the same job after a
   * restart with a new class loader) fails with UnsatisfiedLinkError "already loaded in another
   * classloader". Loaded once from lib/, they stay bound for the TaskManager's lifetime.
   */
  public static final List<String> NATIVE_PARENT_FIRST_PATTERNS =
      List.of("ai.djl.", "ai.onnxruntime.", "org.bytedeco.", "org.opencv.");

  /** The name the job looks GPUs up under: getExternalResourceInfos("gpu"). */
  public static final String GPU_RESOURCE = "gpu";

  public static final String GPU_DRIVER_FACTORY =
      "org.apache.flink.externalresource.gpu.GPUDriverFactory";

  /**
   * JVM flags Flink's own start scripts pass on Java 17 (the distribution's
   * env.java.default-opts.all): Flink's serializers reflect into these JDK packages.
   */
  public static final List<String> JAVA17_OPENS =
      List.of(
          "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
          "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
          "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
          "--add-opens=java.base/java.lang=ALL-UNNAMED",
          "--add-opens=java.base/java.net=ALL-UNNAMED",
          "--add-opens=java.base/java.io=ALL-UNNAMED",
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
          "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
          "--add-opens=java.base/java.text=ALL-UNNAMED",
          "--add-opens=java.base/java.time=ALL-UNNAMED",
          "--add-opens=java.base/java.util=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
          "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

  private ClusterConfig() {}

  /**
   * The shared config.yaml: everything on 127.0.0.1, fixed JobManager ports, random TaskManager
   * ports, fast failure detection (a killed TaskManager is declared lost within seconds, not the
   * default 50 s), restarts, checkpoints on the local file system, GPU external resources and the
   * native libraries parent-first.
   */
  public static Map<String, Object> sessionCluster(
      Path workDir,
      int restPort,
      int rpcPort,
      int blobPort,
      int slotsPerTaskManager,
      Path gpuDiscoveryScript) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("jobmanager.rpc.address", "127.0.0.1");
    c.put("jobmanager.rpc.port", rpcPort);
    c.put("jobmanager.bind-host", "127.0.0.1");
    c.put("rest.address", "127.0.0.1");
    c.put("rest.bind-address", "127.0.0.1");
    c.put("rest.port", restPort);
    c.put("blob.server.port", blobPort);
    c.put("taskmanager.host", "127.0.0.1");
    c.put("taskmanager.bind-host", "127.0.0.1");
    c.put("taskmanager.rpc.port", 0);
    c.put("taskmanager.data.port", 0);
    c.put("metrics.internal.query-service.port", 0);
    c.put("taskmanager.numberOfTaskSlots", slotsPerTaskManager);
    // One subtask per TaskManager while both live, so each takes its own GPU.
    c.put("taskmanager.load-balance.mode", "SLOTS");

    c.put("jobmanager.memory.process.size", "1024m");
    c.put("taskmanager.memory.process.size", "1280m");
    // Labeling runs in libtorch's native memory, not Flink's managed memory (that is for RocksDB
    // and batch sorting).
    c.put("taskmanager.memory.managed.size", "0m");
    c.put("taskmanager.memory.network.min", "32m");
    c.put("taskmanager.memory.network.max", "32m");

    c.put("heartbeat.interval", "1000 ms");
    c.put("heartbeat.timeout", "6000 ms");
    c.put("restart-strategy.type", "fixed-delay");
    c.put("restart-strategy.fixed-delay.attempts", 30);
    c.put("restart-strategy.fixed-delay.delay", "1 s");
    c.put("state.backend.type", "hashmap");
    c.put("execution.checkpointing.dir", workDir.resolve("checkpoints").toUri().toString());
    c.put(
        "execution.checkpointing.savepoint-dir", workDir.resolve("savepoints").toUri().toString());

    c.put("classloader.parent-first-patterns.additional", NATIVE_PARENT_FIRST_PATTERNS);
    // The job jar carries libtorch (~200 MB); Flink's default upload limit is 100 MiB.
    c.put("rest.server.max-content-length", 512 * 1024 * 1024);
    c.put("web.upload.dir", workDir.resolve("web-upload").toString());
    c.put("web.tmpdir", workDir.resolve("web-tmp").toString());
    c.put("io.tmp.dirs", workDir.resolve("tmp").toString());
    c.put("blob.storage.directory", workDir.resolve("blobs").toString());
    // The dashboard and this test read the job's metrics over REST; refresh them every second.
    c.put("metrics.fetcher.update-interval", "1000 ms");

    c.put("external-resources", List.of(GPU_RESOURCE));
    c.put("external-resource.gpu.amount", 1);
    c.put("external-resource.gpu.driver-factory.class", GPU_DRIVER_FACTORY);
    c.put("external-resource.gpu.param.discovery-script.path", gpuDiscoveryScript.toString());
    return c;
  }
}
