#!/usr/bin/env bash
# Regenerates every data file in test-data/ from the committed generator (a few seconds).
# Output is deterministic: a rerun reproduces the committed files byte for byte.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl test-data -am install -DskipTests
mvn -q -B -pl test-data dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
java -cp "test-data/target/classes:$(cat test-data/target/classpath.txt)" \
  dev.scenelabeler.testdata.GenerateTestData test-data
