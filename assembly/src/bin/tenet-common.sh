# Sourced by the bin/ scripts: finds TENET_HOME and java.
self=$(readlink -f "$0")
TENET_HOME=$(dirname "$(dirname "$self")")
TENET_LIB="$TENET_HOME/lib"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
