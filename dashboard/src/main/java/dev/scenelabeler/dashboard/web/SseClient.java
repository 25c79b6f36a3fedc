package dev.scenelabeler.dashboard.web;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One connected page. Events are queued under a key, and a newer event replaces an unsent one with
 * the same key: a slow browser gets the latest mask of each camera rather than a growing backlog,
 * while a fast one gets every event as soon as it happens.
 */
final class SseClient {

  private static final long HEARTBEAT_MS = 10_000;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final Map<String, String> pending = new LinkedHashMap<>();
  private boolean closed;

  /** Queues {@code event} under {@code key}, replacing an unsent event with the same key. */
  void offer(String key, String event) {
    lock.lock();
    try {
      pending.remove(key); // re-inserting keeps events in the order they became current
      pending.put(key, event);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  void close() {
    lock.lock();
    try {
      closed = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Writes events to {@code out} until closed or the page goes away (then throws). */
  void pump(OutputStream out) throws IOException, InterruptedException {
    while (true) {
      List<String> batch = awaitBatch();
      if (batch == null) {
        return;
      }
      if (batch.isEmpty()) {
        out.write(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8));
      }
      for (String event : batch) {
        out.write(event.getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
    }
  }

  /** The pending events, an empty list when the heartbeat is due, or null once closed. */
  private List<String> awaitBatch() throws InterruptedException {
    lock.lock();
    try {
      long waitNs = TimeUnit.MILLISECONDS.toNanos(HEARTBEAT_MS);
      while (pending.isEmpty() && !closed && waitNs > 0) {
        waitNs = changed.awaitNanos(waitNs);
      }
      if (closed) {
        return null;
      }
      List<String> batch = new ArrayList<>(pending.values());
      pending.clear();
      return batch;
    } finally {
      lock.unlock();
    }
  }

  /** Formats one server-sent event; data lines must not contain raw newlines. */
  static String event(String name, String jsonData) {
    return "event: " + name + "\ndata: " + jsonData + "\n\n";
  }
}
