#!/bin/sh
# Runs a command and checks its exit code and that its output (stdout + stderr) matches an
# extended regular expression: expect.sh EXIT_CODE REGEX COMMAND [ARGS...]
want_rc=$1
pattern=$2
shift 2
out=$("$@" 2>&1)
rc=$?
printf '%s\n' "$out"
if [ "$rc" -ne "$want_rc" ]; then
  echo "expected exit code $want_rc, got $rc"
  exit 1
fi
if ! printf '%s\n' "$out" | grep -Eq -- "$pattern"; then
  echo "output does not match: $pattern"
  exit 1
fi
