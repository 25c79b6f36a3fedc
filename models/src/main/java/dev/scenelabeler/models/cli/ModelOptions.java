package dev.scenelabeler.models.cli;

import dev.scenelabeler.models.DeviceSpec;
import dev.scenelabeler.models.InferenceEngine;
import dev.scenelabeler.models.ModelSource;
import dev.scenelabeler.models.SceneLabeler;
import dev.scenelabeler.models.SceneModel;
import dev.scenelabeler.models.WorkingSize;
import dev.scenelabeler.models.quant.Precision;
import dev.scenelabeler.models.temporal.TemporalFilterSettings;
import java.util.function.Function;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/** The model, device, engine and working-size options shared by every command that labels. */
public final class ModelOptions {

  @Option(
      names = "--model",
      paramLabel = ModelSource.PARAM_LABEL,
      defaultValue = "default",
      converter = ModelSourceConverter.class,
      description = ModelSource.FORMS + " (default: ${DEFAULT-VALUE})")
  ModelSource model = ModelSource.defaultModel();

  @Option(
      names = "--device",
      defaultValue = "auto",
      description = "auto (GPU if the engine sees one), cpu or gpu:N")
  String device;

  @Option(
      names = "--engine",
      description =
          "onnxruntime or pytorch (default: onnxruntime where the model has an "
              + "ONNX graph, the faster; pytorch for the first-generation networks)")
  String engine;

  @Option(
      names = WorkingSize.FLAG,
      paramLabel = WorkingSize.PARAM_LABEL,
      defaultValue = "trained",
      converter = WorkingSizeConverter.class,
      description = WorkingSize.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
  WorkingSize workingSize = WorkingSize.trained();

  @Option(
      names = Precision.FLAG,
      paramLabel = Precision.PARAM_LABEL,
      defaultValue = "fp32",
      converter = PrecisionConverter.class,
      description = Precision.DESCRIPTION + " (default: ${DEFAULT-VALUE})")
  Precision precision = Precision.FP32;

  /** Reads {@link Precision#parse}. */
  static final class PrecisionConverter extends ParsingConverter<Precision> {
    PrecisionConverter() {
      super(Precision::parse);
    }
  }

  /** Reads {@link WorkingSize#parse}; its message, which names the value, is what the user sees. */
  static final class WorkingSizeConverter extends ParsingConverter<WorkingSize> {
    WorkingSizeConverter() {
      super(WorkingSize::parse);
    }
  }

  /** Reads {@link ModelSource#parse}, the one parser of {@code --model} in every command. */
  public static final class ModelSourceConverter extends ParsingConverter<ModelSource> {
    public ModelSourceConverter() {
      super(ModelSource::parse);
    }
  }

  /** Reads {@link TemporalFilterSettings#parse}, for the commands that label video. */
  public static final class TemporalFilterConverter
      extends ParsingConverter<TemporalFilterSettings> {
    public TemporalFilterConverter() {
      super(TemporalFilterSettings::parse);
    }
  }

  /**
   * A parser's {@link IllegalArgumentException}, whose message names the value, as a usage error.
   */
  abstract static class ParsingConverter<T> implements ITypeConverter<T> {
    private final Function<String, T> parser;

    ParsingConverter(Function<String, T> parser) {
      this.parser = parser;
    }

    @Override
    public T convert(String value) {
      try {
        return parser.apply(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  /**
   * Loads the {@code --model} on the {@code --device}, on the engine {@link ModelSource#engine}
   * chooses.
   */
  public SceneModel open() {
    DeviceSpec spec = DeviceSpec.parse(device);
    InferenceEngine requested = engine == null ? null : InferenceEngine.parse(engine);
    return model.open(spec, requested, precision);
  }

  public Precision precision() {
    return precision;
  }

  /** A labeler of {@code model} at the {@code --working-size} asked for. */
  public SceneLabeler newLabeler(SceneModel model) {
    return model.newLabeler(workingSize);
  }

  public WorkingSize workingSize() {
    return workingSize;
  }

  public String device() {
    return device;
  }

  /** The --engine value as given, or null. */
  public String engine() {
    return engine;
  }

  public ModelSource model() {
    return model;
  }
}
