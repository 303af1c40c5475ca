#!/bin/sh
# make demo: a simulated 3-host Tenet cluster on this machine (needs root). Ctrl-C stops it and cleans up.
set -eu
home="${1:-build/tenet}"
cd "$(dirname "$0")/.."
exec java -cp "system-tests/target/classes:$home/lib/*" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  io.tenet.testbed.Demo "$home" ${TENET_DEMO_ARGS:-}
