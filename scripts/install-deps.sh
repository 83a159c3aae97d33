#!/usr/bin/env bash
# Installs what rongxin needs and is missing: Debian packages (apt-get) and the npm
# dependencies of the web portal and the API tests. Idempotent and quiet when nothing is
# missing. Needs root (or sudo) only when a Debian package is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config ccache clang-format
  libboost1.74-dev nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libspdlog-dev libfmt-dev
  libsqlite3-dev sqlite3 libpq-dev postgresql libssl-dev
  libeigen3-dev libtbb-dev libxgboost-dev python3-sklearn
  libcairo2-dev libpango1.0-dev poppler-utils
  libgtest-dev libgmock-dev libbenchmark-dev
  nodejs npm chromium fonts-wqy-microhei
  nginx-light wrk python3 curl time bc
  golang-go golang-golang-x-mod-dev
)

missing=()
for p in "${packages[@]}"; do
  # nodejs may come from another repository that also provides npm: accept any npm on PATH.
  if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  sudo=()
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # Debian starts nginx on port 80 when it installs it; the benchmark starts its own.
  if [[ " ${missing[*]} " == *" nginx-light "* ]] && command -v systemctl >/dev/null 2>&1; then
    "${sudo[@]}" systemctl disable --now nginx >/dev/null 2>&1 || true
  fi
fi

# npm: install when node_modules is missing or older than the lock file.
for dir in web tests/api; do
  [ -f "$dir/package-lock.json" ] || continue
  stamp="$dir/node_modules/.package-lock.json"
  if [ ! -f "$stamp" ] || [ "$dir/package-lock.json" -nt "$stamp" ]; then
    echo "install-deps: npm ci in $dir" >&2
    (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
done
