#!/bin/sh
# make bench: the benchmarks of BENCHMARKS.md, one after the other (never two at once on 2 cores).
set -eu
home="${1:-build/tenet}"
cd "$(dirname "$0")/.."
# A module's class path, through a file: Maven may print terminal codes on its standard output even with -q.
classpath() { # module [scope]
  f=$(mktemp); (cd "$1" && mvn -q -B -o dependency:build-classpath ${2:+-Dmdep.includeScope=$2} -Dmdep.outputFile="$f" >/dev/null)
  cat "$f"; rm -f "$f"
}
cp=$(classpath controller-app test)
# A compiler benchmark (JMH or a main class) on controller-app's test class path.
compiler() { java -cp "controller-app/target/test-classes:controller-app/target/classes:$cp" "$@"; }
# A scripted benchmark of the testbed, against the installation in $home.
testbed() { java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  "io.tenet.testbed.$1" "$home" ${2:+"$2"}; }

echo "== Flow compilation (JMH), 10,000 endpoints"
compiler org.openjdk.jmh.Main "\\.CompileBenchmark\\." -prof gc
echo "== CNI ADD wall time, 100 sequential ADDs"
testbed CniAddBenchmark 100
echo "== Controller boot to ready and memory with 1,000 endpoints (Karaf and standalone)"
testbed ControllerFootprintBenchmark
echo "== Policy compilation (JMH), 10,000 endpoints / 1,000 groups / 10,000 rules"
compiler org.openjdk.jmh.Main PolicyCompileBenchmark -prof gc
compiler -Xmx2g io.tenet.controller.bench.ClusterFootprint
echo "== Model write cost (JMH), 10,000 and 100,000 endpoints"
compiler org.openjdk.jmh.Main ModelWriteBenchmark -prof gc
echo "== Policy realization latency, REST to flows on 3 hosts"
testbed RealizationBenchmark 50
echo "== Throughput, Tenet pipeline against an OVS NORMAL bridge (iperf3)"
command -v iperf3 >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq iperf3 >/dev/null
testbed ThroughputBenchmark 8
echo "== Services (JMH): 1,000 services x 10 providers on 100 hosts, against the same cluster without services"
compiler org.openjdk.jmh.Main "ServiceCompileBenchmark.(wholeClusterOneThread|oneSwitch|oneChange)" -prof gc
echo "== Services on 3 hosts: new TCP connections through a VIP against direct, and provider-change realization"
testbed ServiceBenchmark 5 40
echo "== Forwarding modes on 2 hosts: VXLAN against VLAN, routed between networks against within a network"
testbed ModesBenchmark 4
echo "== Flow programming: 100,000 flows through Tenet's channel (batch, bundle) against ovs-ofctl --bundle"
testbed FlowProgrammingBenchmark 100000
echo "== Switch restarts on 2 hosts: ovs-vswitchd and ovsdb-server killed under a cross-host ping"
testbed SwitchRestartBenchmark 5
sttcp=$(classpath system-tests test)
# A benchmark among the system tests' classes (it uses their fixtures), against the installation in $home.
systest() { c=$1; shift; java -cp "system-tests/target/test-classes:system-tests/target/classes:$sttcp" \
  -Dtenet.home="$home" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn "io.tenet.system.$c" "$@"; }
echo "== Full resync and no-op audit of one switch holding about 100,000 flows"
systest ResyncBenchmark 50000 5
echo "== Failover: the master of a switch killed (3 controllers on a 3-member etcd), and a rule written at once"
systest FailoverBenchmark "$home" 5
echo "== REST write latency: the embedded store against etcd (1 and 3 members), 500 sequential writes"
java -cp "system-tests/target/classes:store-etcd/target/test-classes:$home/lib/*" \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn io.tenet.testbed.StoreWriteBenchmark "$home" 500
echo "== BGP: 10,000 routes through Tenet's speaker against BIRD to GoBGP"
testbed BgpBenchmark 5
echo "== Traffic counters: reading 100 switches' flow statistics (31,927 flows each) and attributing them by cookie"
compiler -Xmx3g io.tenet.controller.bench.TrafficReadBenchmark 30
echo "== Trace: one computed trace across two switches of the 100-host policy cluster"
compiler -Xmx2g io.tenet.controller.bench.TraceBenchmark 50
echo "== Console: first load and time to interactive in headless Chromium with 1,000 endpoints, beside the API's reads"
stcp=$(classpath system-tests)
java -cp "system-tests/target/classes:$stcp:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.ConsoleBenchmark "$home" 1000 5
echo "== ACI bridge: full sync of 100 tenants / 1,000 groups / 10,000 rules to the fake APIC, then one rule changed"
acicp=$(classpath aci-bridge test)
java -Xmx2g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -cp "aci-bridge/target/test-classes:aci-bridge/target/classes:$acicp" io.tenet.aci.AciBenchmark 100 10 10 5
