package dev.scenelabeler.jobs.streaming;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * Keeps what it is given, in arrival order, for a job on an in-process MiniCluster. The sink is
 * serialized to its tasks, so the elements live in a static map under this instance's id, where
 * {@link #collected} finds them; every subtask appends to the one list.
 */
final class CollectingSink<T> implements Sink<T> {

  private static final long serialVersionUID = 1L;
  private static final Map<String, List<Object>> COLLECTED = new ConcurrentHashMap<>();

  private final String id = UUID.randomUUID().toString();

  CollectingSink() {
    COLLECTED.put(id, new CopyOnWriteArrayList<>());
  }

  /** What the sink's subtasks were given so far. */
  @SuppressWarnings("unchecked")
  List<T> collected() {
    return List.copyOf((List<T>) COLLECTED.get(id));
  }

  @Override
  public SinkWriter<T> createWriter(WriterInitContext context) {
    List<Object> into = COLLECTED.get(id);
    return new SinkWriter<>() {
      @Override
      public void write(T element, Context context) {
        into.add(element);
      }

      @Override
      public void flush(boolean endOfInput) {}

      @Override
      public void close() {}
    };
  }
}
