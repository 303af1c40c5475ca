#!/bin/sh
# Builds an AppCDS archive for the in-process tenet-cni, so that its JVM maps Jackson and the plugin's classes
# instead of loading them. The training run parses a network configuration and fails fast on a missing namespace.
set -eu
home="$1"
lib="$home/lib"
rm -f "$lib/tenet-cni.jsa"
tmp=$(mktemp -d)
printf '{"name":"tenet","type":"tenet-cni","cniVersion":"1.0.0"}' > "$tmp/node.json"
printf '{"cniVersion":"1.0.0","name":"t","type":"tenet-cni","tenant":"t","network":"n","api":"http://127.0.0.1:1"}' |
  TENET_RUNDIR="$tmp" CNI_COMMAND=ADD CNI_CONTAINERID=cds CNI_NETNS=/nonexistent CNI_IFNAME=eth0 \
  java -XX:ArchiveClassesAtExit="$lib/tenet-cni.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:-UsePerfData \
    -Xlog:disable -Xlog:all=off -cp "$lib/tenet-host-shim.jar:$lib/*" io.tenet.shim.CniMain >/dev/null || true
rm -rf "$tmp"
