# Sourced by the shell tests: `check DESCRIPTION STATUS` records one check (STATUS
# 0 passes), `finish` prints the closing "N passed, M failed" line and returns
# non-zero if any check failed.
failures=0
passes=0
check() {
  if [[ $2 == 0 ]]; then
    echo "ok: $1"; passes=$((passes + 1))
  else
    echo "FAIL: $1"; failures=$((failures + 1))
  fi
}
finish() {
  echo "$passes passed, $failures failed"
  [[ $failures -eq 0 ]]
}
