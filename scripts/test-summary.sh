#!/bin/sh
# Prints one closing line for the whole suite, "N passed, N failed, N skipped", from Maven's output (the file
# given): Surefire's per-class lines, one per test engine and class. (Its report files cannot be used: a class
# with both JUnit tests and jqwik properties gets one report file, which the second engine overwrites.)
set -eu
awk -F'[ ,]+' '/Tests run: [0-9]+, .* -- in / {
    for (i = 1; i <= NF; i++) {
      if ($i == "run:") r += $(i + 1); else if ($i == "Failures:") f += $(i + 1);
      else if ($i == "Errors:") e += $(i + 1); else if ($i == "Skipped:") s += $(i + 1)
    }
  }
  END {printf "%d passed, %d failed, %d skipped\n", r - f - e - s, f + e, s}' "$1"
