#!/bin/sh
# make bench: the benchmarks of BENCHMARKS.md, one after the other (never two at once on 2 cores).
set -eu
home="${1:-build/tenet}"
cd "$(dirname "$0")/.."
echo "== Flow compilation (JMH), 10,000 endpoints"
cp=$(cd controller-app && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
java -cp "controller-app/target/test-classes:controller-app/target/classes:$cp" org.openjdk.jmh.Main "\\.CompileBenchmark\\." -prof gc
echo "== CNI ADD wall time, 100 sequential ADDs"
java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.CniAddBenchmark "$home" 100
echo "== Controller boot to ready and memory with 1,000 endpoints (Karaf and standalone)"
java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.ControllerFootprintBenchmark "$home"
echo "== Policy compilation (JMH), 10,000 endpoints / 1,000 groups / 10,000 rules"
java -cp "controller-app/target/test-classes:controller-app/target/classes:$cp" org.openjdk.jmh.Main PolicyCompileBenchmark -prof gc
java -Xmx2g -cp "controller-app/target/test-classes:controller-app/target/classes:$cp" \
  io.tenet.controller.bench.ClusterFootprint
echo "== Policy realization latency, REST to flows on 3 hosts"
java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.RealizationBenchmark "$home" 50
echo "== Throughput, Tenet pipeline against an OVS NORMAL bridge (iperf3)"
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null
java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.ThroughputBenchmark "$home" 8
