# Sourced by the scripts that build in a folder of their own (fuzz.sh, test-asan.sh).
# retry_build LOG ARGS...: runs `swift build ARGS...` with its output in LOG. Others may be
# editing sources while it builds, and SwiftPM then stops with "modified during the build": that
# is retried, 4 attempts 30 s apart. Returns 0 when the build succeeded.
retry_build() {
  local log=$1
  shift
  local attempt
  for attempt in 1 2 3 4; do
    if swift build "$@" > "$log" 2>&1; then
      return 0
    fi
    if ! grep -q "modified during the build" "$log"; then
      return 1
    fi
    echo "sources changed during the build (attempt $attempt); retrying in 30 s" >&2
    sleep 30
  done
  return 1
}
