# Sourced by scripts/run, scripts/test and scripts/bench: make sure .venv exists and holds
# keikaku with the exact dependency versions of constraints.txt (pyproject.toml states the
# compatible ranges). Re-installs when pyproject.toml or constraints.txt changed since.
set -euo pipefail
KEIKAKU_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KEIKAKU_VENV="$KEIKAKU_ROOT/.venv"
stamp="$KEIKAKU_VENV/.keikaku-installed"
want="$(cat "$KEIKAKU_ROOT/pyproject.toml" "$KEIKAKU_ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)"
if [ ! -x "$KEIKAKU_VENV/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  python=""
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      python="$candidate"; break
    fi
  done
  if [ -z "$python" ]; then
    echo "keikaku: error: Python 3.11 or newer is needed (none found on PATH)" >&2
    exit 1
  fi
  echo "keikaku: setting up $KEIKAKU_VENV (first run, or pyproject.toml or constraints.txt changed)…" >&2
  "$python" -m venv "$KEIKAKU_VENV"
  "$KEIKAKU_VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
    -c "$KEIKAKU_ROOT/constraints.txt" -e "$KEIKAKU_ROOT[test]" >&2
  echo "$want" > "$stamp"
fi
