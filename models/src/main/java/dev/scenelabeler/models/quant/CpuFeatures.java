package dev.scenelabeler.models.quant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the CPU says of itself in {@code /proc/cpuinfo}: its model name, and whether it has the
 * integer dot-product instructions that make int8 convolutions fast (AVX-512 VNNI, AVX-VNNI, AMX).
 *
 * @param modelName e.g. "AMD EPYC 9V84 96-Core Processor"; "unknown CPU" where it cannot be read
 * @param flags the first processor's feature flags
 */
public record CpuFeatures(String modelName, Set<String> flags) {

  private static final Set<String> INT8_DOT_PRODUCT = Set.of("avx512_vnni", "avx_vnni", "amx_int8");

  /** This machine's CPU; without {@code /proc/cpuinfo} (not Linux), an unknown one. */
  public static CpuFeatures ofThisMachine() {
    try {
      return parse(Files.readString(Path.of("/proc/cpuinfo")));
    } catch (IOException e) {
      return new CpuFeatures("unknown CPU", Set.of());
    }
  }

  /** The first processor of a {@code /proc/cpuinfo} text. */
  public static CpuFeatures parse(String cpuinfo) {
    String model = "unknown CPU";
    Set<String> flags = Set.of();
    for (String line : cpuinfo.split("\n")) {
      int colon = line.indexOf(':');
      if (colon < 0) {
        continue;
      }
      String key = line.substring(0, colon).trim();
      String value = line.substring(colon + 1).trim();
      if (key.equals("model name") && model.equals("unknown CPU")) {
        model = value;
      } else if (key.equals("flags") && flags.isEmpty()) {
        flags = Arrays.stream(value.split("\\s+")).collect(Collectors.toUnmodifiableSet());
      }
    }
    return new CpuFeatures(model, flags);
  }

  /** Whether int8 convolutions have dot-product instructions here (VNNI or AMX). */
  public boolean hasInt8DotProduct() {
    return flags.stream().anyMatch(INT8_DOT_PRODUCT::contains);
  }
}
