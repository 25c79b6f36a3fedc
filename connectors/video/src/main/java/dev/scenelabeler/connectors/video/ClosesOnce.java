package dev.scenelabeler.connectors.video;

/**
 * A writer of one file that refuses writes once closed and finishes its file once, however often it
 * is closed: callers close in {@code finally} blocks and again in try-with-resources.
 */
abstract class ClosesOnce implements AutoCloseable {

  private final String name;
  private boolean closed;

  /**
   * @param name what the writer is, for the error of a write after close
   */
  ClosesOnce(String name) {
    this.name = name;
  }

  /**
   * @throws IllegalStateException if closed
   */
  final void checkOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  /** Finishes the file the first time; does nothing after. */
  @Override
  public final void close() throws VideoWriteException {
    if (closed) {
      return;
    }
    closed = true;
    finish();
  }

  /** Finishes and closes the file; called once. */
  abstract void finish() throws VideoWriteException;
}
