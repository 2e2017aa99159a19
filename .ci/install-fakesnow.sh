#!/usr/bin/env bash
# Installs the Snowflake emulator the Snowflake tests run against: fakesnow (DuckDB behind
# Snowflake's HTTP API) in a Python venv at <repo>/.engines/fakesnow/. Idempotent: a venv that
# already holds these exact versions is left alone. test/support/fakesnow_json.py (the launcher
# that makes fakesnow answer the Node.js driver) depends on fakesnow internals, hence the pins.
#   fakesnow 0.12.1 declares snowflake-connector-python without an upper bound, and 5.x removed
#   snowflake.connector.converter, which fakesnow imports: pin 4.8.1.
#   numpy: DuckDB's create_function (the launcher's UDF polyfills) needs it.
#   sqlglot: the version fakesnow 0.12.1 requires (~=30.22.0); the grammar test uses the same one.
set -euo pipefail
cd "$(dirname "$0")/.."

venv=.engines/fakesnow
want="fakesnow==0.12.1 snowflake-connector-python==4.8.1 sqlglot==30.22.0"
if [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$want" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for spec in sys.argv[1].split():
    name, v = spec.split("==")
    assert version(name) == v, spec
import numpy, uvicorn, starlette  # noqa: F401
PY
then
  echo "fakesnow already installed in $venv"
  exit 0
fi

python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check \
  'fakesnow[server]==0.12.1' 'snowflake-connector-python==4.8.1' 'sqlglot==30.22.0' numpy
echo "fakesnow installed in $venv"
