#!/usr/bin/env bash
# One entry point for setting up and running the dashboard; the Makefile and .ci/run call it.
#
#   scripts/dev.sh run     install missing Python deps, then start the dashboard (streamlit run app.py)
#   scripts/dev.sh test    install missing deps (pip; as root with apt also chromium + fonts-noto-cjk),
#                          then python -m pytest [extra pytest args...]
#   scripts/dev.sh deps    only install Python deps           (add --system for the Debian packages)
#   scripts/dev.sh bench   run the benchmarks (parser + app)
#   scripts/dev.sh shots   re-take the page screenshots into docs/
#   scripts/dev.sh python  print the interpreter the other commands use
#
# Python: $PYTHON if set, else ./.venv/bin/python if it exists, else python3/python.  When that
# interpreter is a Debian "externally managed" one (PEP 668), a ./.venv is created next to the repo
# so pip never fights apt.  Nothing is re-installed when requirements.txt is already satisfied.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

log() { printf '[dev] %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

APT_UPDATED=0
apt_install() {  # apt_install pkg...   (root + apt only)
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" = 0 ]; then log "apt-get update"; apt-get update -qq; APT_UPDATED=1; fi
    log "apt-get install -y $*"
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

system_deps() {  # chromium + CJK fonts for the browser tests and PNG export
    local want=()
    [ -x /usr/bin/chromium ] || want+=(chromium)
    dpkg -s fonts-noto-cjk >/dev/null 2>&1 || want+=(fonts-noto-cjk)
    if [ ${#want[@]} -eq 0 ]; then return 0; fi
    if is_root && have apt-get; then
        apt_install "${want[@]}"
    else
        log "missing Debian packages: ${want[*]} (run as root with apt, or install them yourself);"
        log "browser tests will be skipped without /usr/bin/chromium"
    fi
}

pick_python() {
    if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
    if [ -x "$ROOT/.venv/bin/python" ]; then echo "$ROOT/.venv/bin/python"; return; fi
    local py
    py="$(command -v python3 || command -v python || true)"
    if [ -z "$py" ]; then
        if is_root && have apt-get; then apt_install python3 python3-venv python3-pip; py="$(command -v python3)";
        else log "no python3 found; install Python >= 3.11"; exit 1; fi
    fi
    # PEP 668: Debian's system python refuses pip installs -> use a venv in the repo.
    if "$py" -c 'import sys, sysconfig, os; sys.exit(0 if sys.prefix == sys.base_prefix and os.path.exists(os.path.join(sysconfig.get_paths()["stdlib"], "EXTERNALLY-MANAGED")) else 1)'; then
        if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
            if is_root && have apt-get; then apt_install python3-venv python3-pip;
            else log "$py is externally managed and has no venv module: apt install python3-venv"; exit 1; fi
        fi
        log "creating $ROOT/.venv (system python is externally managed)"
        "$py" -m venv "$ROOT/.venv"
        py="$ROOT/.venv/bin/python"
    fi
    echo "$py"
}

requirements_ok() {  # exit 0 when every line of requirements.txt is installed at a matching version
    "$1" - <<'PY'
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    from packaging.requirements import Requirement
except ImportError:
    sys.exit(1)
bad = []
for line in open("requirements.txt", encoding="utf-8"):
    line = line.split("#", 1)[0].strip()
    if not line:
        continue
    req = Requirement(line)
    if req.marker and not req.marker.evaluate():
        continue
    try:
        v = version(req.name)
    except PackageNotFoundError:
        bad.append(f"{req.name} (missing)")
        continue
    if req.specifier and not req.specifier.contains(v, prereleases=True):
        bad.append(f"{req.name} {v} (want {req.specifier})")
if bad:
    print("[dev] not satisfied: " + ", ".join(bad), file=sys.stderr)
    sys.exit(1)
PY
}

python_deps() {
    local py="$1"
    if requirements_ok "$py"; then return 0; fi
    if ! "$py" -m pip --version >/dev/null 2>&1; then
        if is_root && have apt-get; then apt_install python3-pip; else "$py" -m ensurepip --upgrade; fi
    fi
    log "pip install -r requirements.txt"
    "$py" -m pip install --disable-pip-version-check --no-input -q -r requirements.txt
}

cmd="${1:-}"; shift || true
case "$cmd" in
    python) pick_python ;;
    deps)
        if [ "${1:-}" = "--system" ]; then system_deps; fi
        python_deps "$(pick_python)" ;;
    run)
        PY="$(pick_python)"; python_deps "$PY"
        exec "$PY" -m streamlit run app.py "$@" ;;
    test)
        system_deps
        PY="$(pick_python)"; python_deps "$PY"
        exec "$PY" -m pytest "$@" ;;
    bench)
        system_deps
        PY="$(pick_python)"; python_deps "$PY"
        if [ -f benchmarks/bench_parser.py ]; then "$PY" benchmarks/bench_parser.py; fi
        exec "$PY" benchmarks/bench_app.py "$@" ;;
    shots)
        system_deps
        PY="$(pick_python)"; python_deps "$PY"
        SAVE_SCREENSHOTS=1 exec "$PY" -m pytest tests/browser -k "screenshot or upload" "$@" ;;
    *)
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
