# Sourced by the benchmarks that start `mendan serve` (load.sh, mixed_load.sh).
# wait_for_url LOG PID: prints the address the server announces in LOG once it listens; fails (with the log) if
# the process PID ended first or nothing was announced within 20 s.
wait_for_url() {
  local log=$1 pid=$2 url=
  for _ in $(seq 1 100); do
    url=$(grep -o 'Mendan is running at http://[^ ]*' "$log" | head -1 | sed 's/Mendan is running at //; s#/$##' || true)
    if [[ -n $url ]]; then
      echo "$url"
      return 0
    fi
    kill -0 "$pid" 2>/dev/null || { cat "$log" >&2; return 1; }
    sleep 0.2
  done
  cat "$log" >&2
  echo "mendan serve did not start" >&2
  return 1
}
