package dev.scenelabeler.jobs.options;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.flink.configuration.ReadableConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The job options as command-line flags, made from their declarations in {@link
 * JobOptionDeclarations} (name, parameter label, help text with the default): {@code @Mixin
 * JobOptionsMixin jobOptions} in a command. A flag left out keeps the value from {@code --config}
 * (a properties file) or the default.
 *
 * <p>A command offers only the options it honours: label-video, which reads files in batch mode,
 * {@code JobOptionsMixin.withConfig(MODEL, DEVICE, ...)}; a command that runs the job its own way
 * (demo, bench-pipeline) a few of the flags over defaults of its own: {@code
 * JobOptionsMixin.of(base, MODEL, DEVICE)}, its help showing those defaults. Where {@code --config}
 * is offered, each flag's help names its properties key.
 */
@Command(modelTransformer = JobOptionsMixin.AddFlags.class)
public final class JobOptionsMixin {

  private final JobOptionsBuilder base;
  private final List<JobOption<?>> offered;
  private final boolean configFile;
  private final Map<JobOption<?>, Serializable> given = new LinkedHashMap<>();
  private Path config;

  /** Every job option as a flag, and {@code --config FILE}. */
  public JobOptionsMixin() {
    this(JobOptions.builder(), JobOptionDeclarations.ALL, true);
  }

  private JobOptionsMixin(JobOptionsBuilder base, List<JobOption<?>> offered, boolean configFile) {
    this.base = base;
    this.offered = List.copyOf(offered);
    this.configFile = configFile;
  }

  /**
   * Only {@code options} as flags, and {@code --config FILE} listing their keys. The file may hold
   * other job keys too (one file serves several commands); this command does not use them.
   */
  public static JobOptionsMixin withConfig(JobOption<?>... options) {
    return new JobOptionsMixin(JobOptions.builder(), List.of(options), true);
  }

  /** Only {@code options} as flags, over the values of {@code base}; no {@code --config}. */
  public static JobOptionsMixin of(JobOptionsBuilder base, JobOption<?>... options) {
    return new JobOptionsMixin(base, List.of(options), false);
  }

  /** {@code base}, then {@code --config}, then the flags given. */
  public JobOptionsBuilder toBuilder() {
    JobOptionsBuilder b = base.build().toBuilder();
    return applyFileAndFlags(b);
  }

  /**
   * For a job started by Flink ({@code flink run}): {@code base}, then the job options the Flink
   * configuration sets (see {@link JobOptionsBuilder#applyFlinkConfiguration}), then {@code
   * --config}, then the flags given.
   */
  public JobOptions toOptions(ReadableConfig flinkConfiguration) {
    return applyFileAndFlags(base.build().toBuilder().applyFlinkConfiguration(flinkConfiguration))
        .build();
  }

  /**
   * @throws IllegalArgumentException for a bad options file or values that do not fit together
   */
  public JobOptions toOptions() {
    return toBuilder().build();
  }

  /** Whether {@code option} was given as a flag. */
  public boolean isGiven(JobOption<?> option) {
    return given.containsKey(option);
  }

  private JobOptionsBuilder applyFileAndFlags(JobOptionsBuilder b) {
    if (config != null) {
      b.applyPropertiesFile(config);
    }
    given.forEach((option, value) -> setUnchecked(b, option, value));
    return b;
  }

  @SuppressWarnings("unchecked")
  private static <T extends Serializable> void setUnchecked(
      JobOptionsBuilder b, JobOption<T> option, Serializable value) {
    b.set(option, (T) value); // the flag's converter made it with option.parse
  }

  /**
   * The help text of {@code option}: its description, the default in this command and, with
   * --config, its key.
   */
  private String help(JobOption<?> option) {
    return option.description()
        + " (default "
        + defaultText(option)
        + (configFile ? "; key " + option.key() : "")
        + ").";
  }

  /** The options this mixin offers as flags, in help order. */
  public List<JobOption<?>> offered() {
    return offered;
  }

  private <T extends Serializable> String defaultText(JobOption<T> option) {
    T value = base.get(option);
    return Objects.equals(value, option.defaultValue())
        ? option.defaultText()
        : option.format(value);
  }

  /** Adds the flags to the command that mixes this in (or to this class's own spec in tests). */
  public static final class AddFlags implements IModelTransformer {
    @Override
    public CommandSpec transform(CommandSpec spec) {
      JobOptionsMixin mixin =
          spec.userObject() instanceof JobOptionsMixin own
              ? own
              : spec.mixins().values().stream()
                  .map(CommandSpec::userObject)
                  .filter(JobOptionsMixin.class::isInstance)
                  .map(JobOptionsMixin.class::cast)
                  .findFirst()
                  .orElseThrow(
                      () -> new IllegalStateException("no JobOptionsMixin in " + spec.name()));
      if (mixin.configFile) {
        spec.addOption(
            OptionSpec.builder("--config")
                .paramLabel("FILE")
                .type(Path.class)
                .description(configHelp(mixin))
                .setter(setter(value -> mixin.config = (Path) value))
                .build());
      }
      for (JobOption<?> option : mixin.offered) {
        spec.addOption(flag(mixin, option));
      }
      return spec;
    }

    private static String configHelp(JobOptionsMixin mixin) {
      String keys = mixin.offered.stream().map(JobOption::key).collect(Collectors.joining(", "));
      boolean all = mixin.offered.size() == JobOptionDeclarations.ALL.size();
      return "Properties file with job options (keys"
          + (all ? "" : " this command uses")
          + ": "
          + keys
          + ")"
          + (all ? "" : "; other job keys are accepted and not used")
          + "; flags override it.";
    }

    private static OptionSpec flag(JobOptionsMixin mixin, JobOption<?> option) {
      return OptionSpec.builder(option.flags().toArray(String[]::new))
          .paramLabel(option.paramLabel())
          .type(option.type())
          .description(mixin.help(option))
          .converters(
              text -> {
                try {
                  return option.parse(text);
                } catch (IllegalArgumentException e) {
                  throw new CommandLine.TypeConversionException(e.getMessage());
                }
              })
          .setter(
              setter(
                  value -> {
                    if (value == null) {
                      mixin.given.remove(option); // picocli resets every option before parsing
                    } else {
                      mixin.given.put(option, (Serializable) value);
                    }
                  }))
          .build();
    }

    private static ISetter setter(Consumer<Object> store) {
      return new ISetter() {
        @Override
        public <T> T set(T value) {
          store.accept(value);
          return null;
        }
      };
    }
  }
}
