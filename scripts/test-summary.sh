#!/bin/sh
# Prints one closing line for the whole suite from the Surefire reports: "N passed, N failed, N skipped".
set -eu
cd "$(dirname "$0")/.."
cat */target/surefire-reports/*.txt 2>/dev/null | awk -F'[ ,]+' '/Tests run:/ {r+=$3; f+=$5; e+=$7; s+=$9}
  END {printf "%d passed, %d failed, %d skipped\n", r-f-e-s, f+e, s}'
