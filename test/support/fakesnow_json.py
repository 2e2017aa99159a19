"""Start fakesnow's HTTP server so that the Node.js snowflake-sdk can use it, for cpm's tests.

fakesnow 0.12.1 (https://github.com/tekumara/fakesnow) serves Snowflake's HTTP API over DuckDB.
Each patch below fixes one defect that broke the Node.js driver or changed what a statement
gives compared with Snowflake; the comment at each names it. In short:
- answers: JSON rowsets instead of arrow, "returned" on DML answers, Snowflake's output formats,
  HTTP 500 made an ordinary SQL error (the driver retried 500s for a minute);
- PUT: stageInfo.region, a GET route on the upload URL;
- ALTER SESSION SET of QUOTED_IDENTIFIERS_IGNORE_CASE / TIMEZONE 'UTC' accepted (no-ops here);
- SQL: SOUNDEX and ALTER TABLE ... SWAP WITH (missing), MERGE inside a transaction, FLATTEN's INDEX order, "Z" in TO_TIMESTAMP formats, views in
  INFORMATION_SCHEMA.TABLES, and COPY INTO from CSV (column names, type sniffing, "").
It depends on fakesnow internals, so .ci/install-fakesnow.sh pins fakesnow and sqlglot exactly.
usage: python fakesnow_json.py [--port 64616] [--host 127.0.0.1] [--db-path DIR]
"""
from __future__ import annotations

import argparse, base64, datetime as dt, gzip, json, os, re
from string import Template

import pyarrow as pa
import uvicorn
from sqlglot import exp
from sqlglot.dialects.snowflake import Snowflake
from sqlglot.trie import new_trie
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

import fakesnow.copy_into as fci
import fakesnow.info_schema as fsi
import fakesnow.macros as fsm
import fakesnow.server as fss
import fakesnow.transforms as fst
from fakesnow.cursor import FakeSnowflakeCursor
from fakesnow.instance import FakeSnow

# sqlglot 30.22 turns Snowflake's 'YYYY-MM-DD"T"HH24:MI:SS"Z"' into '%Y-%m-%dT%H:%M:%S"Z"' for
# DuckDB's strptime: only "T" loses its double quotes, so every TRY_TO_TIMESTAMP with a quoted
# "Z" gave NULL. Map "Z" like "T".
Snowflake.TIME_MAPPING['"Z"'] = "Z"
Snowflake.TIME_TRIE = new_trie(Snowflake.TIME_MAPPING)


def _cell(v, typ: str):
    if v is None:
        return None
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, dict) and "epoch" in v:  # timestamp struct from fakesnow.arrow.to_sf
        if v["epoch"] is None:
            return None
        s = f"{v['epoch']}.{v['fraction']:09d}"
        return f"{s} {v['timezone']}" if "timezone" in v else s
    if isinstance(v, dt.date) and not isinstance(v, dt.datetime):
        return str((v - dt.date(1970, 1, 1)).days)
    if isinstance(v, int) and typ == "time":  # nanoseconds since midnight
        return f"{v // 1_000_000_000}.{v % 1_000_000_000:09d}"
    if isinstance(v, (bytes, bytearray)):
        return v.hex()
    if isinstance(v, float):
        return repr(v) if v == v and v not in (float("inf"), float("-inf")) else {"nan": "NaN"}.get(str(v), str(v))
    if isinstance(v, (dict, list)):
        return json.dumps(v)
    return str(v)


OUTPUT_FORMATS = {
    "DATE_OUTPUT_FORMAT": "YYYY-MM-DD",
    "TIME_OUTPUT_FORMAT": "HH24:MI:SS",
    "TIMESTAMP_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3 TZHTZM",
    "TIMESTAMP_NTZ_OUTPUT_FORMAT": "YYYY-MM-DD HH24:MI:SS.FF3",
    "TIMESTAMP_LTZ_OUTPUT_FORMAT": "",
    "TIMESTAMP_TZ_OUTPUT_FORMAT": "",
}

_orig = fss.query_request

# Session parameters the adapter sets that change nothing on the emulator: fakesnow (DuckDB)
# resolves every identifier case-insensitively and its TIMEZONE is already UTC. fakesnow 0.12.1
# answers any ALTER SESSION SET with "009999: ALTER SESSION SET ... not implemented".
_NOOP_SESSION = re.compile(
    r"^\s*ALTER\s+SESSION\s+SET(\s+(QUOTED_IDENTIFIERS_IGNORE_CASE\s*=\s*TRUE|TIMEZONE\s*=\s*'(UTC|Etc/UTC)'))+\s*;?\s*$",
    re.IGNORECASE,
)


def _statement_done():
    return JSONResponse({"data": {"parameters": [], "rowtype": [{"name": "status", "type": "text", "nullable": True,
                         "length": None, "precision": None, "scale": None, "byteLength": None}],
                         "rowset": [["Statement executed successfully."]], "total": 1, "returned": 1,
                         "queryResultFormat": "json", "version": 1, "queryId": "noop", "statementTypeId": 0x3000},
                         "success": True})


async def query_request(request):
    raw = await request.body()  # starlette caches it for the wrapped handler
    try:
        body_in = json.loads(gzip.decompress(raw) if request.headers.get("Content-Encoding") == "gzip" else raw)
        if _NOOP_SESSION.match(body_in.get("sqlText", "")):
            return _statement_done()
    except ValueError:
        pass
    resp = await _orig(request)
    body = json.loads(resp.body)
    if resp.status_code == 500:
        # fakesnow answers an unsupported statement with HTTP 500, which the Node.js driver retries
        # with back-off for about a minute; answer it as an ordinary SQL error instead
        return JSONResponse({"data": {"errorCode": "000002", "sqlState": "0A000"}, "code": "000002",
                             "message": body.get("message", "unsupported"), "success": False})
    if os.environ.get("FAKESNOW_JSON_DEBUG"):
        print("RESP", json.dumps(body)[:1500], flush=True)
    data = body.get("data") or {}
    if body.get("success") and isinstance(data.get("stageInfo"), dict):
        # PUT: the Node.js driver's GCS client reads stageInfo.region (Python's does not)
        data["stageInfo"].setdefault("region", "US-CENTRAL1")
        data["stageInfo"].setdefault("endPoint", None)
        data["stageInfo"].setdefault("useRegionalUrl", False)
        data["stageInfo"].setdefault("useVirtualUrl", False)
        if os.environ.get("FAKESNOW_JSON_DEBUG"):
            print("PUT", json.dumps(data)[:3000], flush=True)
        return JSONResponse(body, status_code=resp.status_code)
    if body.get("success") and isinstance(data.get("parameters"), list):
        # real Snowflake sends its output formats with every result; the Node.js driver formats
        # DATE/TIME/TIMESTAMP (fetchAsString, TIME columns) with them
        data["parameters"] += [{"name": k, "value": v} for k, v in OUTPUT_FORMATS.items()]
    if body.get("success") and data.get("queryResultFormat") == "arrow":
        rows: list = []
        b64 = data.pop("rowsetBase64", "")
        if b64:
            table = pa.ipc.open_stream(base64.b64decode(b64)).read_all()
            types = [c["type"] for c in data["rowtype"]]
            cols = [c.to_pylist() for c in table.columns]
            rows = [[_cell(v, types[i]) for i, v in enumerate(r)] for r in zip(*cols)]
        data.update(queryResultFormat="json", rowset=rows, returned=len(rows), version=1)
        return JSONResponse(body, status_code=resp.status_code)
    if body.get("success") and data.get("queryResultFormat") == "json" and "returned" not in data:
        # DML answers: the Node.js driver waits forever for rows unless "returned" is set
        data.update(returned=len(data.get("rowset") or []), version=1)
        return JSONResponse(body, status_code=resp.status_code)
    return resp


for r in fss.app.router.routes:
    if isinstance(r, Route) and r.path == "/queries/v1/query-request":
        r.endpoint = query_request
        r.app = __import__("starlette.routing", fromlist=["request_response"]).request_response(query_request)

def _soundex(s: str | None) -> str | None:
    # Snowflake SOUNDEX (American Soundex, 4 characters); fakesnow/DuckDB have none
    if s is None:
        return None
    codes = {**dict.fromkeys("BFPV", "1"), **dict.fromkeys("CGJKQSXZ", "2"), **dict.fromkeys("DT", "3"),
             "L": "4", **dict.fromkeys("MN", "5"), "R": "6"}
    letters = [c for c in s.upper() if "A" <= c <= "Z"]
    if not letters:
        return ""
    out, prev = letters[0], codes.get(letters[0], "")
    for c in letters[1:]:
        code = codes.get(c, "")
        if code and code != prev:
            out += code
        if c not in "HW":
            prev = code
    return (out + "000")[:4]


# COPY INTO from CSV, three defects of fakesnow 0.12.1 (copy_into.py), each changing what lands:
# - it selects column0, column1, ... from read_csv, but DuckDB names the columns of a file with
#   more than 10 of them column00, column01, ... ("Referenced column "column0" not found");
#   naming them explicitly (names = [...]) fixes the names for any width;
# - read_csv sniffs types, so '00123' became 123 in a VARCHAR column; Snowflake loads the text
#   as it is and casts to the column's type (all_varchar = true);
# - read_csv reads a quoted empty field "" as NULL when '' is a null string; Snowflake loads it
#   as '' (FIELD_OPTIONALLY_ENCLOSED_BY; allow_quoted_nulls = false).
_orig_read_csv = fci.ReadCSV.read_expression


def _read_csv(self, url):
    expr = _orig_read_csv(self, url)
    expr.append("expressions", self.make_eq("all_varchar", True))
    expr.append("expressions", self.make_eq("allow_quoted_nulls", False))
    return expr


fci.ReadCSV.read_expression = _read_csv
_orig_inserts = fci._inserts


def _inserts(*args, **kwargs):
    inserts = _orig_inserts(*args, **kwargs)
    for insert in inserts:
        select = insert.expression
        names = [c.name for c in select.expressions if isinstance(c, exp.Column)]
        if names and all(re.fullmatch(r"column\d+", n) for n in names):
            for read in select.find_all(exp.ReadCSV):
                read.append("expressions", fci.FileTypeHandler.make_eq("names", names))
    return inserts


fci._inserts = _inserts


# FLATTEN numbers the elements with row_number() OVER () (fakesnow 0.12.1 macros.py FS_FLATTEN),
# an order DuckDB does not promise: in a LATERAL FLATTEN over several rows followed by joins,
# INDEX no longer matched VALUE (the tokens of "551 w hamilton pkwy" came back numbered
# hamilton=0, pkwy=1, w=2, 551=3). The element's own list position (the lambda's index) is used instead.
fsm.FS_FLATTEN = Template(
    """
CREATE OR REPLACE MACRO ${catalog}._fs_flatten(input) AS TABLE
    SELECT
        hash(TO_JSON(input))::UBIGINT AS SEQ,
        e.k AS KEY,
        COALESCE(e.k, '[' || e.i || ']') AS PATH,
        CASE WHEN e.k IS NOT NULL THEN NULL ELSE e.i::BIGINT END AS INDEX,
        e.v AS VALUE,
        TO_JSON(input) AS THIS
    FROM (
        SELECT UNNEST(
            CASE WHEN json_type(TO_JSON(input)) = 'OBJECT'
                 THEN list_transform(
                    json_keys(TO_JSON(input)),
                    lambda x: struct_pack(k := x, v := CAST(TO_JSON(input) -> x AS JSON), i := NULL::BIGINT)
                 )
                 ELSE list_transform(
                    CAST(TO_JSON(input) AS JSON[]),
                    lambda x, i: struct_pack(k := NULL::VARCHAR, v := x, i := (i - 1)::BIGINT)
                 )
            END, recursive := true
        )
    ) AS e(k, v, i)
    """
)


# INFORMATION_SCHEMA.TABLES lists only duckdb_tables() (fakesnow 0.12.1 info_schema.py), while
# Snowflake lists views too, with TABLE_TYPE 'VIEW'.
_tables = fsi.SQL_CREATE_INFORMATION_SCHEMA_TABLES_VIEW.template
for old, new in [
    ("'BASE TABLE' AS \"TABLE_TYPE\"", 'tables.table_type AS "TABLE_TYPE"'),
    ("from duckdb_tables tables",
     "from (select database_name, schema_name, table_name, estimated_size, 'BASE TABLE' as table_type from duckdb_tables"
     " union all select database_name, schema_name, view_name, null, 'VIEW' from duckdb_views where not internal) tables"),
]:
    assert old in _tables, old
    _tables = _tables.replace(old, new)
fsi.SQL_CREATE_INFORMATION_SCHEMA_TABLES_VIEW = Template(_tables)


_orig_connect = FakeSnow.connect


def _connect(self, *args, **kwargs):
    conn = _orig_connect(self, *args, **kwargs)
    # each session is its own DuckDB cursor; Python UDFs are per cursor, so register them here
    try:
        conn._duck_conn.create_function("soundex", _soundex, ["VARCHAR"], "VARCHAR")
    except Exception as e:  # already registered
        print("udf:", e, flush=True)
    return conn


FakeSnow.connect = _connect


# A CREATE TABLE without a comment (every CREATE TEMPORARY TABLE, such as the one fakesnow's MERGE
# makes for its candidates) still wrote a NULL comment into fakesnow's catalog database
# (transforms.extract_comment_on_table), a second DuckDB database: inside BEGIN ... COMMIT, after a
# write to the project's database, DuckDB refuses that ("a single transaction can only write to a
# single attached database"), so a MERGE inside a transaction failed. Only a real comment is kept.
_orig_extract_comment = fst.extract_comment_on_table


def _extract_comment(expression):
    new = _orig_extract_comment(expression)
    if (found := new.args.get("table_comment")) and found[1] is None:
        new.args.pop("table_comment")
    return new


fst.extract_comment_on_table = _extract_comment


# ALTER TABLE a SWAP WITH b (https://docs.snowflake.com/en/sql-reference/sql/alter-table), the
# atomic exchange cpm publishes tables with, is missing in fakesnow 0.12.1 (DuckDB's parser
# rejects it): three renames do the same (not atomically, which a test of the emulator cannot see).
_NAME = r'(?:"[^"]+"|\w+)(?:\.(?:"[^"]+"|\w+))*'
_SWAP = re.compile(rf"^\s*ALTER\s+TABLE\s+({_NAME})\s+SWAP\s+WITH\s+({_NAME})\s*;?\s*$", re.IGNORECASE)
_orig_execute = FakeSnowflakeCursor.execute


def _execute(self, command, *args, **kwargs):
    m = _SWAP.match(command) if isinstance(command, str) else None
    if not m:
        return _orig_execute(self, command, *args, **kwargs)
    a, b = m.group(1), m.group(2)
    schema = a.rsplit(".", 1)[0] + "." if "." in a else ""
    parked = f'{schema}"_fakesnow_swap"'
    for sql in (f"ALTER TABLE {a} RENAME TO {parked}", f"ALTER TABLE {b} RENAME TO {a}", f"ALTER TABLE {parked} RENAME TO {b}"):
        _orig_execute(self, sql, **kwargs)
    return self


FakeSnowflakeCursor.execute = _execute


async def bucket_head(request):
    # the Node.js driver probes the presigned url with GET before a PUT without OVERWRITE and only
    # uploads on 401/403/404; fakesnow has no GET route (405), so the upload was never attempted.
    # always 404: every PUT uploads (as if OVERWRITE = TRUE)
    return Response(status_code=404)


fss.app.router.routes.append(Route("/fs_bucket/{path:path}", bucket_head, methods=["GET"]))

if __name__ == "__main__":
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=64616)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--db-path", help="persist each database as DIR/<db>.duckdb (default: in memory)")
    a = ap.parse_args()
    if a.db_path:
        fss.shared_fs = FakeSnow(db_path=a.db_path)
    uvicorn.run(fss.app, host=a.host, port=a.port, log_level="warning")
