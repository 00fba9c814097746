#!/usr/bin/env bash
# One entry point for setting up and running the dashboard; the Makefile and .ci/run call it.
#
#   scripts/dev.sh run     set up ./.venv if needed, then start the dashboard (streamlit run app.py)
#   scripts/dev.sh test    set up ./.venv if needed (as root with apt also chromium + fonts-noto-cjk),
#                          then python -m pytest [extra pytest args...]
#   scripts/dev.sh deps    only set up ./.venv                (add --system for the Debian packages)
#   scripts/dev.sh bench   run the benchmarks (parser, script step, app)
#   scripts/dev.sh shots   re-take the page screenshots into docs/
#   scripts/dev.sh python  set up ./.venv if needed and print the interpreter the commands use
#
# Python packages always live in ./.venv, a virtual environment built from requirements.txt alone
# (python3 -m venv, no system site-packages): it is created when missing, and requirements.txt is
# installed into it again whenever the file changed since the last successful install (a hash in
# .venv/.requirements.sha256).  Nothing is ever installed into the system or pyenv interpreter.
# `rm -rf .venv` starts from scratch (what .ci/run does on every run).
#   PYTHON=/path/to/python   use that interpreter as is instead (nothing is installed into it)
#   BASE_PYTHON=python3.12   the interpreter that creates ./.venv (default: python3; needs >= 3.11)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
VENV="$ROOT/.venv"
STAMP="$VENV/.requirements.sha256"
export PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '[dev] %s\n' "$*" >&2; }
is_root() { [ "$(id -u)" = 0 ]; }
have() { command -v "$1" >/dev/null 2>&1; }

APT_UPDATED=0
apt_install() {  # apt_install pkg...   (root + apt only)
    export DEBIAN_FRONTEND=noninteractive
    if [ "$APT_UPDATED" = 0 ]; then log "apt-get update"; apt-get update -qq >&2; APT_UPDATED=1; fi
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

base_python() {  # the interpreter that creates ./.venv: >= 3.11 with the venv module
    local py="${BASE_PYTHON:-}"
    if [ -z "$py" ]; then py="$(command -v python3 || true)"; fi
    if [ -z "$py" ]; then
        if is_root && have apt-get; then apt_install python3 python3-venv; py="$(command -v python3)";
        else log "no python3 found; install Python >= 3.11"; exit 1; fi
    fi
    if ! "$py" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
        log "$py is $("$py" --version 2>&1); Python >= 3.11 is needed (set BASE_PYTHON=...)"; exit 1
    fi
    if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then  # Debian splits these off
        if is_root && have apt-get; then apt_install python3-venv;
        else log "$py cannot create virtual environments: apt-get install python3-venv"; exit 1; fi
    fi
    echo "$py"
}

requirements_hash() { sha256sum requirements.txt | cut -d' ' -f1; }

ensure_venv() {  # create ./.venv and install requirements.txt into it when missing or out of date
    local want
    want="$(requirements_hash)"
    if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c '' 2>/dev/null \
            && [ "$(cat "$STAMP" 2>/dev/null)" = "$want" ]; then
        return 0
    fi
    if ! { [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -m pip --version >/dev/null 2>&1; }; then
        local base
        base="$(base_python)"
        log "creating $VENV with $("$base" --version 2>&1) ($base)"
        rm -rf "$VENV"
        "$base" -m venv "$VENV" >&2
    fi
    log "pip install -r requirements.txt into $VENV (about a minute when new)"
    "$VENV/bin/python" -m pip install --no-input -q -r requirements.txt >&2
    echo "$want" > "$STAMP"   # written only after a successful install
}

pick_python() {  # PYTHON=... as is, else ./.venv (set up on demand); prints the interpreter
    if [ -n "${PYTHON:-}" ]; then
        log "using PYTHON=$PYTHON as is (requirements.txt is not installed into it)"
        echo "$PYTHON"; return
    fi
    if have flock; then  # two make commands at once: one sets up ./.venv, the other waits
        exec 9>"$ROOT/.venv.lock"
        flock 9
    fi
    ensure_venv
    echo "$VENV/bin/python"
}

cmd="${1:-}"; shift || true
case "$cmd" in
    python) pick_python ;;
    deps)
        if [ "${1:-}" = "--system" ]; then system_deps; fi
        pick_python >/dev/null ;;
    run)
        PY="$(pick_python)"
        exec "$PY" -m streamlit run app.py "$@" ;;
    test)
        system_deps
        PY="$(pick_python)"
        exec "$PY" -m pytest "$@" ;;
    bench)
        system_deps
        PY="$(pick_python)"
        if [ -f benchmarks/bench_parser.py ]; then "$PY" benchmarks/bench_parser.py; fi
        if [ -f benchmarks/bench_script.py ]; then "$PY" benchmarks/bench_script.py; fi
        exec "$PY" benchmarks/bench_app.py "$@" ;;
    shots)
        system_deps
        PY="$(pick_python)"
        SAVE_SCREENSHOTS=1 exec "$PY" -m pytest tests/browser -k "screenshot or upload or conflict or review" "$@" ;;
    *)
        sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
