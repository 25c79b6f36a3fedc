package dev.scenelabeler.connectors.kafka;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/** Sends what Kafka's storage formatter prints to a logger instead of stdout. */
final class LoggingPrintStream {

  private LoggingPrintStream() {}

  static PrintStream debug(Logger log) {
    return new PrintStream(
        new ByteArrayOutputStream() {
          @Override
          public void flush() {
            String text = toString(StandardCharsets.UTF_8).strip();
            reset();
            if (!text.isEmpty()) {
              log.debug("{}", text);
            }
          }
        },
        true,
        StandardCharsets.UTF_8);
  }
}
