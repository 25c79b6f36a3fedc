package dev.scenelabeler.models.pretrained;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a TensorFlow.js model directory ({@code model.json} and the binary shards its
 * {@code weightsManifest} names), as float arrays by weight name, dequantized.
 *
 * <p>Format (TF.js "weights manifest"): each group's shards are concatenated in order and hold its
 * weights back to back, little-endian, each {@code prod(shape)} values of {@code dtype}, or of
 * {@code quantization.dtype} where present: uint8 and uint16 values v mean {@code min + v * scale};
 * float16 values are IEEE half floats.
 */
public final class TfjsWeights {

  /**
   * One weight: its shape as stored (TF.js keeps Keras' layouts, e.g. [kh, kw, in, out]) and
   * values.
   */
  public record Tensor(String name, int[] shape, float[] values) {
    public int size() {
      return values.length;
    }
  }

  private final Map<String, Tensor> tensors;

  private TfjsWeights(Map<String, Tensor> tensors) {
    this.tensors = tensors;
  }

  /**
   * Reads {@code dir/model.json} and its shards.
   *
   * @throws IOException naming the file and what is wrong: missing file, no weightsManifest, a
   *     shard shorter than the manifest says, an unknown data type
   */
  public static TfjsWeights read(Path dir) throws IOException {
    Path json = dir.resolve("model.json");
    if (!Files.isRegularFile(json)) {
      throw new NoSuchFileException(json + " (a TF.js model directory holds model.json)");
    }
    JsonNode manifest = new ObjectMapper().readTree(json.toFile()).path("weightsManifest");
    if (!manifest.isArray() || manifest.isEmpty()) {
      throw new IOException(json + " has no weightsManifest");
    }
    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (JsonNode group : manifest) {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      for (JsonNode shard : group.path("paths")) {
        bytes.write(Files.readAllBytes(dir.resolve(shard.asText())));
      }
      ByteBuffer data = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
      for (JsonNode weight : group.path("weights")) {
        Tensor t = readOne(weight, data, json);
        tensors.put(t.name(), t);
      }
    }
    return new TfjsWeights(tensors);
  }

  private static Tensor readOne(JsonNode weight, ByteBuffer data, Path source) throws IOException {
    String name = weight.path("name").asText();
    int[] shape = new int[weight.path("shape").size()];
    int count = 1;
    for (int i = 0; i < shape.length; i++) {
      shape[i] = weight.path("shape").get(i).asInt();
      count *= shape[i];
    }
    JsonNode quantization = weight.path("quantization");
    String dtype =
        quantization.isMissingNode()
            ? weight.path("dtype").asText()
            : quantization.path("dtype").asText();
    int bytesPer =
        switch (dtype) {
          case "uint8" -> 1;
          case "uint16", "float16" -> 2;
          case "float32" -> 4;
          default ->
              throw new IOException(
                  source
                      + ": weight "
                      + name
                      + " has data type '"
                      + dtype
                      + "'; readable: float32, float16, uint16, uint8");
        };
    if (data.remaining() < (long) count * bytesPer) {
      throw new IOException(
          source
              + ": the shards end inside weight "
              + name
              + " ("
              + data.remaining()
              + " bytes left, "
              + (long) count * bytesPer
              + " needed)");
    }
    float scale = (float) quantization.path("scale").asDouble(1);
    float min = (float) quantization.path("min").asDouble(0);
    float[] values = new float[count];
    for (int i = 0; i < count; i++) {
      values[i] =
          switch (dtype) {
            case "uint8" -> min + (data.get() & 0xFF) * scale;
            case "uint16" -> min + (data.getShort() & 0xFFFF) * scale;
            case "float16" -> halfToFloat(data.getShort());
            default -> data.getFloat();
          };
    }
    return new Tensor(name, shape, values);
  }

  /** IEEE 754 binary16 to float (Float.float16ToFloat arrived in Java 20). */
  static float halfToFloat(short half) {
    int h = half & 0xFFFF;
    int sign = (h >>> 15) << 31;
    int exponent = (h >>> 10) & 0x1F;
    int mantissa = h & 0x3FF;
    if (exponent == 0) { // zero or subnormal: mantissa * 2^-24
      return Float.intBitsToFloat(sign) + (sign == 0 ? 1 : -1) * mantissa * 0x1p-24f;
    }
    if (exponent == 31) {
      return Float.intBitsToFloat(sign | 0x7F800000 | (mantissa << 13));
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  /** The weight of that name; IllegalArgumentException naming it when absent. */
  public Tensor get(String name) {
    Tensor t = tensors.get(name);
    if (t == null) {
      throw new IllegalArgumentException("the TF.js model has no weight '" + name + "'");
    }
    return t;
  }

  public Set<String> names() {
    return tensors.keySet();
  }

  @Override
  public String toString() {
    return tensors.size()
        + " weights, "
        + tensors.values().stream().mapToLong(Tensor::size).sum()
        + " values; first: "
        + tensors.values().stream()
            .limit(1)
            .map(t -> t.name() + Arrays.toString(t.shape()))
            .toList();
  }
}
