package dev.scenelabeler.app.testing;

import java.io.Serializable;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Layout;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything this JVM logs while it is open, through every logger (Kafka's broker and clients,
 * Flink, ours), messages and stack traces alike: for tests that search the logs for what must not
 * be there.
 */
public final class CapturedLogs extends AbstractAppender implements AutoCloseable {

  private final StringBuffer text = new StringBuffer();

  private CapturedLogs(Layout<? extends Serializable> layout) {
    super("captured-logs", null, layout, true, Property.EMPTY_ARRAY);
  }

  /** Starts capturing at the root logger, at whatever level each logger is configured. */
  public static CapturedLogs capture() {
    CapturedLogs appender =
        new CapturedLogs(PatternLayout.newBuilder().withPattern("%c %m%n%throwable").build());
    appender.start();
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().addAppender(appender, null, null);
    context.updateLoggers();
    return appender;
  }

  @Override
  public void append(LogEvent event) {
    text.append(getLayout().toSerializable(event));
  }

  /** What was logged so far. */
  public String text() {
    return text.toString();
  }

  @Override
  public void close() {
    LoggerContext context = (LoggerContext) LogManager.getContext(false);
    context.getConfiguration().getRootLogger().removeAppender(getName());
    context.updateLoggers();
    stop();
  }
}
