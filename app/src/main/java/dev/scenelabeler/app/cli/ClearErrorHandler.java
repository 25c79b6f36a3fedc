package dev.scenelabeler.app.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a subcommand into one readable line on stderr and exit code 1. The
 * stack trace is printed only with SCENE_LABELER_DEBUG=1, so a user sees what was wrong, not a wall
 * of frames.
 */
final class ClearErrorHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception e, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + describe(e)));
    if ("1".equals(System.getenv("SCENE_LABELER_DEBUG"))) {
      e.printStackTrace(commandLine.getErr());
    } else {
      commandLine.getErr().println("(set SCENE_LABELER_DEBUG=1 for the stack trace)");
    }
    return 1;
  }

  static String describe(Throwable e) {
    StringBuilder message = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      // First line only: parsers append source excerpts that would repeat the message.
      String text =
          t.getMessage() == null
              ? t.getClass().getSimpleName()
              : t.getMessage().lines().findFirst().orElse("");
      if (message.indexOf(text) < 0) {
        if (message.length() > 0) {
          message.append(": ");
        }
        message.append(text);
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return message.toString();
  }
}
