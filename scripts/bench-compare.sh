#!/bin/sh
# make bench-compare [REF=<commit>]: the benchmarks of this checkout against an earlier commit, in one run, old
# then new for each benchmark, so the ratios are taken on the same machine at the same moment. The old commit is
# built in build/bench-compare/old with a Maven repository of its own (its snapshots never mix with this one's).
# Default REF: the main before issue 8's restructuring.
# JMH runs 10 measured iterations here (the benchmarks' default, 5, is too few to see a 10% difference on this
# noisy machine).
set -eu
ref="${1:-4d6e287}"
cd "$(dirname "$0")/.."
here=$(pwd)
work="$here/build/bench-compare"
old="$work/old"
repo="$work/m2"
mkdir -p "$work"
if [ ! -d "$old/.git" ] || [ "$(git -C "$old" rev-parse HEAD)" != "$(git rev-parse "$ref")" ]; then
  rm -rf "$old"
  git clone -q "$here" "$old"
  git -C "$old" checkout -q "$ref"
fi
cp scripts/bench-compare/ModelWriteBenchmark.before.java "$old/controller-app/src/test/java/io/tenet/controller/bench/ModelWriteBenchmark.java"
if [ ! -d "$repo" ]; then
  cp -r "$HOME/.m2/repository" "$repo"
  rm -rf "$repo/io/tenet"
fi
echo "== building $ref in $old"
(cd "$old" && make build MVN="mvn -B -q -Dmaven.repo.local=$repo" >/dev/null)
echo "== building this checkout"
make build >/dev/null

# Through a file: Maven may print terminal codes on its standard output even with -q.
classpath() {
  f=$(mktemp); (cd "$1/controller-app" && mvn -q -B -o $2 dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$f" >/dev/null)
  cat "$f"; rm -f "$f"
}
cp_old=$(classpath "$old" "-Dmaven.repo.local=$repo")
cp_new=$(classpath "$here" "")
jmh() { # side dir classpath pattern
  (cd "$2" && java -cp "controller-app/target/test-classes:controller-app/target/classes:$3" org.openjdk.jmh.Main "$4" -i 10 \
    -prof gc -rf csv -rff "$work/$5.$1.csv" | grep -E '^(Benchmark|[A-Za-z]+Benchmark\.)' | grep -v ':gc\.' || true)
}
testbed() { # side dir class arg
  (cd "$2" && java -cp "system-tests/target/classes:build/tenet/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    "io.tenet.testbed.$3" build/tenet $4)
}
for b in compile:'\.CompileBenchmark\.' policy:PolicyCompileBenchmark write:ModelWriteBenchmark; do
  name=${b%%:*}; pattern=${b#*:}
  echo "== JMH $pattern: old ($ref)"; jmh old "$old" "$cp_old" "$pattern" "$name"
  echo "== JMH $pattern: new"; jmh new "$here" "$cp_new" "$pattern" "$name"
done
echo "== heap kept by the compiled flows of all switches: old"
(cd "$old" && java -Xmx2g -cp "controller-app/target/test-classes:controller-app/target/classes:$cp_old" io.tenet.controller.bench.ClusterFootprint)
echo "== heap kept: new"
(cd "$here" && java -Xmx2g -cp "controller-app/target/test-classes:controller-app/target/classes:$cp_new" io.tenet.controller.bench.ClusterFootprint)
for b in RealizationBenchmark:50 CniAddBenchmark:100; do
  cls=${b%%:*}; arg=${b#*:}
  echo "== $cls: old"; testbed old "$old" "$cls" "$arg"
  echo "== $cls: new"; testbed new "$here" "$cls" "$arg"
done
echo "== JMH ratios (new / old, score and allocation per operation)"
python3 - "$work" <<'PY'
import csv, sys, os
work = sys.argv[1]
def load(path):
    rows = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            params = ",".join(v for k, v in r.items() if k.startswith("Param: ") and v)
            rows[(r["Benchmark"], params)] = (float(r["Score"]), r["Unit"])
    return rows
for name in ("compile", "policy", "write"):
    o, n = (load(os.path.join(work, f"{name}.{side}.csv")) for side in ("old", "new"))
    for key in sorted(n):
        if key in o and (":" not in key[0] or key[0].endswith("gc.alloc.rate.norm")):
            (ns, unit), (os_, _) = n[key], o[key]
            label = key[0].split(".")[-1] + (f" [{key[1]}]" if key[1] else "")
            print(f"{label:70s} old {os_:14.3f}  new {ns:14.3f} {unit:8s} ratio {ns / os_:6.2f}")
PY
