package dev.scenelabeler.jobs.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.scenelabeler.jobs.options.JobOptions;
import dev.scenelabeler.jobs.testing.FakeLabelerFactory;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

class StreamingLabelingJobConfigTest {

  @Test
  void shouldFlushEachFrameRecordAtOnceInsteadOfWaitingForTheNextFrameOrTheFlushTimer() {
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
    assertThat(env.getBufferTimeout()).as("Flink's default").isNotZero();

    StreamingLabelingJob.onKafka(JobOptions.builder().build(), FakeLabelerFactory.create())
        .configure(env);

    assertThat(env.getBufferTimeout()).isZero();
  }
}
