package dev.scenelabeler.dashboard.web;

import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/** The connected pages. Broadcasting never blocks: each page has its own coalescing queue. */
final class SseHub {

  private final Set<SseClient> clients = new CopyOnWriteArraySet<>();

  void add(SseClient client) {
    clients.add(client);
  }

  void remove(SseClient client) {
    clients.remove(client);
  }

  int size() {
    return clients.size();
  }

  /** Sends {@code event} to every page; an unsent event with the same key is replaced. */
  void broadcast(String key, String event) {
    for (SseClient client : clients) {
      client.offer(key, event);
    }
  }

  void closeAll() {
    clients.forEach(SseClient::close);
    clients.clear();
  }
}
