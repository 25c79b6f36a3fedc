package dev.scenelabeler.models;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.scenelabeler.models.ModelSource.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelSourceTest {

  @TempDir static Path dir;

  static Stream<Arguments> goodSpecs() {
    return Stream.of(
        Arguments.of("default", ModelSource.defaultModel()),
        Arguments.of("  ", ModelSource.defaultModel()),
        Arguments.of(
            "untrained:farabet2013",
            ModelSource.untrained("farabet2013", ModelSource.DEFAULT_SEED)),
        Arguments.of(
            "untrained:MobileNetV2-Fusion:7", ModelSource.untrained("mobilenetv2-fusion", 7)),
        Arguments.of("untrained:farabet2013:-3", ModelSource.untrained("farabet2013", -3)));
  }

  @ParameterizedTest(name = "[{index}] ''{0}''")
  @MethodSource("goodSpecs")
  void shouldReadEachFormOfTheModelSpec(String text, ModelSource expected) {
    assertThat(ModelSource.parse(text)).isEqualTo(expected);
  }

  @Test
  void shouldReadAnExistingDirectoryAsAnAbsoluteModelDirectory() {
    ModelSource source = ModelSource.parse(dir.toString());

    assertThat(source.kind()).isEqualTo(Kind.DIRECTORY);
    assertThat(source.directoryPath()).contains(dir.toAbsolutePath().normalize());
  }

  static Stream<Arguments> badSpecs() {
    return Stream.of(
        Arguments.of("untrained:farabet2013:many", "seed 'many'"),
        Arguments.of("untrained:farabet2013:1:2", "untrained:NETWORK[:SEED]"),
        Arguments.of("untrained:", "untrained:NETWORK[:SEED]"),
        Arguments.of("untrained:nosuchnet", "unknown network 'nosuchnet'"),
        Arguments.of("no/such/model-dir", "not a model directory"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badSpecs")
  void shouldRefuseABadSpecQuotingIt(String text, String why) {
    assertThatThrownBy(() -> ModelSource.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text)
        .hasMessageContaining(why);
  }

  @Test
  void shouldReadBackWhatItWrites() {
    for (ModelSource source :
        new ModelSource[] {
          ModelSource.defaultModel(),
          ModelSource.directory(dir),
          ModelSource.untrained("farabet2013", 9)
        }) {
      assertThat(ModelSource.parse(source.toString())).isEqualTo(source);
    }
  }

  @Test
  void shouldRunAnUntrainedNetworkOnPyTorchAndRefuseOnnxRuntimeForIt() {
    ModelSource untrained = ModelSource.untrained("mobilenetv2-fusion", 1);

    assertThat(untrained.engine(null)).isEqualTo(InferenceEngine.PYTORCH);
    assertThat(untrained.engine(InferenceEngine.PYTORCH)).isEqualTo(InferenceEngine.PYTORCH);
    assertThatThrownBy(() -> untrained.engine(InferenceEngine.ONNX_RUNTIME))
        .hasMessageContaining("onnxruntime")
        .hasMessageContaining("untrained:mobilenetv2-fusion:1");
  }

  @Test
  void shouldRunAModelDirectoryOnItsNetworksDefaultEngineUnlessOneIsAsked() throws Exception {
    ModelSource second = modelDirectory("second", "mobilenetv2-fusion");
    ModelSource first = modelDirectory("first", "farabet2013");

    assertThat(second.engine(null)).isEqualTo(InferenceEngine.ONNX_RUNTIME);
    assertThat(first.engine(null)).isEqualTo(InferenceEngine.PYTORCH);
    assertThat(second.engine(InferenceEngine.PYTORCH)).isEqualTo(InferenceEngine.PYTORCH);
  }

  @Test
  void shouldRunTheCommittedDefaultModelOnOnnxRuntime() {
    assertThat(ModelSource.defaultModel().engine(null)).isEqualTo(InferenceEngine.ONNX_RUNTIME);
  }

  private static ModelSource modelDirectory(String name, String network) throws Exception {
    Path model = Files.createDirectories(dir.resolve(name));
    ModelDescriptor.describe(
            "test-" + network, "1", network, LabelSet.SCENE6, 320, 240, 0, Map.of())
        .write(model);
    return ModelSource.parse(model.toString());
  }
}
