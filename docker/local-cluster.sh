#!/usr/bin/env bash
# The failover drill on this machine, no Docker needed: the embedded Kafka broker, a Flink 2.2.1
# session cluster of three JVMs (JobManager + two TaskManagers with stand-in GPUs 0 and 1) started
# from Flink's entrypoint classes, the shaded job jar submitted over REST, frames of a video
# published, one TaskManager killed with kill -9, the job stopped with a savepoint and resubmitted
# on the survivor; then the masks are counted (read_committed). Prints the report; exit 0 when
# every frame has exactly one mask.
#
#   docker/local-cluster.sh [VIDEO] [--natives-child-first]
#     VIDEO defaults to test-data/street/street-480x360-15fps.mp4; --natives-child-first drops the
#     parent-first patterns for DJL/JavaCPP/OpenCV to show what they prevent (docker/README.md).
#
# While it runs, the Flink web UI is at the URL it prints; logs stay in the work dir it prints.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VIDEO="${1:-test-data/street/street-480x360-15fps.mp4}"
shift || true
VERSION=0.1.0-SNAPSHOT
WORK="${WORK_DIR:-$ROOT/cluster-tests/target/local-cluster/$(date +%Y%m%d-%H%M%S)}"

echo "local-cluster: building the job jar and the cluster's lib/ (mvn install -pl jobs,cluster-tests -am)..." >&2
mvn -q -B ${MVN_FLAGS:-} -pl jobs,cluster-tests -am install -DskipTests >&2

CP="cluster-tests/target/test-classes:cluster-tests/target/classes:$(cat cluster-tests/target/test.classpath)"
exec java -Xmx1g -Dai.djl.offline=true -Dlog4j2.configurationFile=cluster-tests/src/test/resources/log4j2-test.properties \
  -cp "$CP" dev.scenelabeler.cluster.FailoverDrill \
  cluster-tests/target/flink "jobs/target/jobs-$VERSION-job.jar" "$VIDEO" "$WORK" "$@"
