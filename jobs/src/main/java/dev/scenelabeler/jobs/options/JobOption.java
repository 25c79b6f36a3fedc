package dev.scenelabeler.jobs.options;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;

/**
 * One job option, declared once (see {@link JobOptionDeclarations}): the key a properties file
 * uses, the command-line flag, the type (a parser from text), the default, a check of the value and
 * the description {@code --help} shows. Every source of options reads through it: flags ({@link
 * JobOptionsMixin}), properties files and a Flink configuration ({@link JobOptionsBuilder}).
 *
 * <p>Declared like Flink's own options: {@code
 * JobOption.key("batch.size").intType().flag("--batch", "B").noDefault("1 on CPU, 8 on
 * GPU").description("Frames per forward pass")}.
 *
 * @param <T> the value's type; serializable, since {@link JobOptions} travels with the job
 */
public final class JobOption<T extends Serializable> {

  /** Prefix of the options' keys in a Flink configuration, apart from Flink's own keys. */
  public static final String FLINK_KEY_PREFIX = "scene-labeler.";

  private final String key;
  private final Class<T> type;
  private final Function<String, T> parser;
  private final Function<T, String> formatter;
  private final Function<T, String> display;
  private final List<String> flags;
  private final String paramLabel;
  private final T defaultValue;
  private final String defaultText;
  private final Consumer<T> check;
  private final boolean blankMeansUnset;
  private final String description;

  private JobOption(Builder<T> b, String description) {
    this.key = b.key;
    this.type = b.type;
    this.parser = b.parser;
    this.formatter = b.formatter;
    this.display = b.display != null ? b.display : b.formatter;
    this.flags = Objects.requireNonNull(b.flags, () -> key + ": no flag declared");
    this.paramLabel = b.paramLabel;
    this.defaultValue = b.defaultValue;
    this.defaultText = Objects.requireNonNull(b.defaultText, () -> key + ": no default declared");
    this.check = b.check;
    this.blankMeansUnset = b.blankMeansUnset;
    this.description = description;
  }

  /** Starts a declaration; the key is the properties-file key. */
  public static Untyped key(String key) {
    return new Untyped(key);
  }

  /** The properties-file key, e.g. {@code batch.size}. */
  public String key() {
    return key;
  }

  /** The flag names, e.g. {@code -p, --parallelism}; the last one is the long name. */
  public List<String> flags() {
    return flags;
  }

  /**
   * The option as error messages name it: the long flag and the key, e.g. {@code --batch
   * (batch.size)}.
   */
  public String name() {
    return flags.get(flags.size() - 1) + " (" + key + ")";
  }

  public String paramLabel() {
    return paramLabel;
  }

  public Class<T> type() {
    return type;
  }

  /**
   * The value when none is given; {@code null} when the job derives one (see {@link
   * #defaultText()}).
   */
  public T defaultValue() {
    return defaultValue;
  }

  /** The default as {@code --help} and the {@code --config} key list show it. */
  public String defaultText() {
    return defaultText;
  }

  /** One sentence without the default, e.g. "Frames per forward pass". */
  public String description() {
    return description;
  }

  /**
   * The value written in {@code text} (a flag's argument, a property, a Flink configuration entry);
   * {@code null} for a blank text where the option may be left unset.
   *
   * @throws IllegalArgumentException naming the flag, the key and the text, if it does not parse
   */
  public T parse(String text) {
    if (blankMeansUnset && (text == null || text.isBlank())) {
      return null;
    }
    try {
      return parser.apply(text == null ? "" : text);
    } catch (IllegalArgumentException e) {
      throw named(e);
    }
  }

  /** The text that {@link #parse} reads back as {@code value}. */
  public String format(T value) {
    return value == null ? "" : formatter.apply(value);
  }

  /**
   * The value as the startup line shows it: {@link #format} unless the declaration says otherwise
   * (Kafka client settings show their keys, secrets hidden, not only the file's name).
   */
  public String display(T value) {
    return value == null ? "" : display.apply(value);
  }

  /**
   * Checks one value on its own; {@link JobOptions} checks the options together as well.
   *
   * @throws IllegalArgumentException naming the flag and the key, saying what is wrong
   */
  public void check(T value) {
    if (value != null) {
      try {
        check.accept(value);
      } catch (IllegalArgumentException e) {
        throw named(e);
      }
    }
  }

  /**
   * The same complaint, led by {@link #name()}: the user may have written either the flag or the
   * key.
   */
  private IllegalArgumentException named(IllegalArgumentException e) {
    String message = String.valueOf(e.getMessage());
    return new IllegalArgumentException(
        name() + (message.startsWith("must ") ? " " : ": ") + message, e);
  }

  /**
   * This option as a Flink {@link ConfigOption}, its key prefixed with {@value #FLINK_KEY_PREFIX}.
   */
  public ConfigOption<String> flinkOption() {
    return ConfigOptions.key(FLINK_KEY_PREFIX + key)
        .stringType()
        .noDefaultValue()
        .withDescription(description + " (default " + defaultText + ").");
  }

  @Override
  public String toString() {
    return key;
  }

  /** A declaration that has its key; the type comes next. */
  public static final class Untyped {
    private final String key;

    private Untyped(String key) {
      this.key = Objects.requireNonNull(key, "key");
    }

    public Builder<String> stringType() {
      return new Builder<>(key, String.class, String::trim, String::valueOf);
    }

    public Builder<Integer> intType() {
      return new Builder<>(key, Integer.class, text -> parseInt(key, text), String::valueOf);
    }

    /** A duration written as whole milliseconds (the keys end in {@code -ms}). */
    public Builder<Duration> millisType() {
      return new Builder<>(
          key,
          Duration.class,
          text -> Duration.ofMillis(parseInt(key, text)),
          d -> String.valueOf(d.toMillis()));
    }

    /**
     * A type of our own: {@code parser} throws {@link IllegalArgumentException} quoting the text.
     */
    public <T extends Serializable> Builder<T> type(Class<T> type, Function<String, T> parser) {
      return new Builder<>(key, type, parser, String::valueOf);
    }

    /** As {@link #type(Class, Function)}, written back as text by {@code formatter}. */
    public <T extends Serializable> Builder<T> type(
        Class<T> type, Function<String, T> parser, Function<T, String> formatter) {
      return new Builder<>(key, type, parser, formatter);
    }

    private static int parseInt(String key, String text) {
      try {
        return Integer.parseInt(text.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("must be an integer, got '" + text + "'");
      }
    }
  }

  /** The rest of a declaration; {@link #description} ends it. */
  public static final class Builder<T extends Serializable> {
    private final String key;
    private final Class<T> type;
    private final Function<String, T> parser;
    private final Function<T, String> formatter;
    private Function<T, String> display;
    private List<String> flags;
    private String paramLabel;
    private T defaultValue;
    private String defaultText;
    private Consumer<T> check = value -> {};
    private boolean blankMeansUnset;

    private Builder(
        String key, Class<T> type, Function<String, T> parser, Function<T, String> formatter) {
      this.key = key;
      this.type = type;
      this.parser = parser;
      this.formatter = formatter;
    }

    /** The flag; {@code names} ends with the long name, e.g. {@code "-p", "--parallelism"}. */
    public Builder<T> flag(String paramLabel, String... names) {
      this.paramLabel = paramLabel;
      this.flags = List.of(names);
      return this;
    }

    /** How the startup line shows a value, where {@code format}'s text is not the best. */
    public Builder<T> displayedAs(Function<T, String> display) {
      this.display = display;
      return this;
    }

    public Builder<T> defaultValue(T value) {
      this.defaultValue = Objects.requireNonNull(value, "default");
      this.defaultText = formatter.apply(value);
      return this;
    }

    /**
     * No value by default: the job derives one, as {@code explanation} says. A blank text unsets
     * it.
     */
    public Builder<T> noDefault(String explanation) {
      this.defaultText = explanation;
      this.blankMeansUnset = true;
      return this;
    }

    /**
     * Checks a value on its own; throws {@link IllegalArgumentException} saying what is wrong, e.g.
     * "must be >= 1, got 0" (the option's {@link #name()} is put in front).
     */
    public Builder<T> check(Consumer<T> check) {
      this.check = check;
      return this;
    }

    public JobOption<T> description(String description) {
      return new JobOption<>(this, description);
    }
  }
}
