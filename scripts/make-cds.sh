#!/bin/sh
# Builds an AppCDS archive for tenet-cni, so that the plugin's JVM maps its classes instead of loading them.
set -eu
home="$1"
lib="$home/lib"
rm -f "$lib/tenet-cni.jsa"
CNI_COMMAND=VERSION java -XX:ArchiveClassesAtExit="$lib/tenet-cni.jsa" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC \
  -Xlog:disable -Xlog:all=off -cp "$lib/tenet-host-shim.jar:$lib/*" io.tenet.shim.CniMain </dev/null >/dev/null
