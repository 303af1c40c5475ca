#!/bin/sh
# Builds an AppCDS archive for the in-process tenet-cni, so that its JVM maps Jackson and the plugin's classes
# instead of loading them. The training run goes through bin/tenet-cni itself (no agent socket in its run
# directory, so it runs in-process with the very flags and class path it uses for real): it reads a node file,
# parses a network configuration and fails fast on a missing namespace.
set -eu
home="$1"
lib="$home/lib"
rm -f "$lib/tenet-cni.jsa"
tmp=$(mktemp -d)
printf '{"name":"cds","api":"http://127.0.0.1:1","datapath":"netdev","bridge":"br-int"}' > "$tmp/node.json"
printf '{"cniVersion":"1.0.0","name":"t","type":"tenet-cni","tenant":"t","network":"n","api":"http://127.0.0.1:1"}' |
  TENET_RUNDIR="$tmp" CNI_COMMAND=ADD CNI_CONTAINERID=cds CNI_NETNS=/nonexistent CNI_IFNAME=eth0 \
  JAVA_TOOL_OPTIONS="-XX:ArchiveClassesAtExit=$lib/tenet-cni.jsa" "$home/bin/tenet-cni" >/dev/null 2>&1 || true
rm -rf "$tmp"
