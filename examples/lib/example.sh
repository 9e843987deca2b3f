# What the examples share (sourced, not run): a working folder removed on exit, processes started in the background
# and stopped on exit (with the end of their logs when the example failed), oneM2M responses parsed, steps recorded.
# Set EXAMPLE (the example's name) before sourcing; it sets W (the folder), and RSC and BODY after each parse.
W=$(mktemp -d "${TMPDIR:-/tmp}/bastion-$EXAMPLE.XXXXXX")
PIDS=()
FAILED=1
REPORT=()
RSC=""
BODY=""

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ $FAILED != 0 ]]; then
    for f in "$W"/*.log; do [[ -f $f ]] && { echo "--- tail of $f" >&2; tail -n 20 "$f" >&2; }; done
  fi
  if [[ -n ${KEEP:-} ]]; then echo "kept $W" >&2; else rm -rf "$W"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

die() { echo "$EXAMPLE: $*" >&2; exit 1; }

# start_process NAME CMD...: runs CMD in the background (output NAME.out, log NAME.log), waits for its
# "listening ..." line and sets LINE_<NAME> to it
start_process() {
  local name=$1 line=""; shift
  "$@" >"$W/$name.out" 2>"$W/$name.log" &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    line=$(grep -m1 '^listening' "$W/$name.out" 2>/dev/null || true)
    [[ -n $line ]] && break
    kill -0 "${PIDS[-1]}" 2>/dev/null || die "the $name stopped at start"
    sleep 0.1
  done
  [[ -n $line ]] || die "the $name did not start within 60 s"
  printf -v "LINE_$name" '%s' "$line"
}

# port LINE DOOR: the port of DOOR in a "listening ..." line
port() { sed -n "s/.*[[:space:]]$2=\([0-9]*\).*/\1/p" <<<"$1"; }

# parse FILE: the response's X-M2M-RSC into RSC and its body into BODY
parse() {
  RSC=$(tr -d '\r' <"$1" | sed -n 's/^[Xx]-[Mm]2[Mm]-[Rr][Ss][Cc]: *//p' | head -n1)
  BODY=$(tr -d '\r' <"$1" | sed '1,/^$/d')
}

# expect CODE WHAT: records the step; stops the example if the status is not CODE
expect() {
  local line
  line=$(printf '%-4s %s' "${RSC:-none}" "$2")
  REPORT+=("$line")
  echo "$line"
  [[ $RSC == "$1" ]] || die "expected $1 for: $2; got ${RSC:-no response}: $BODY"
}

# finish: the example succeeded; prints what it proved
finish() {
  FAILED=0
  echo
  echo "$EXAMPLE: proved (status, step):"
  printf '  %s\n' "${REPORT[@]}"
  echo "$EXAMPLE: all ${#REPORT[@]} steps answered as expected"
}
