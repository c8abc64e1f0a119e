"""Import the real Online Retail order lines; compare with a bare bulk insert of the same rows.

Data: ../shared/data/online_retail/order_lines_2010-12-01_to_2011-09-30.csv.gz (370,931
lines, UCI Online Retail, 2010-12-01 .. 2011-09-30), the whole file.

Ours: ``import_orders(..., "online-retail")`` into a fresh, migrated database -- streaming
the file in 50k-line chunks, checking every line, skipping non-product codes, creating
placeholder SKUs, numbering lines, checking each order against what is stored, writing
``sales_lines`` (natural key, foreign keys, CHECKs) and the batch row, in one transaction.

Baseline, in the same run: the same file read with pandas in the same chunks and every
raw row inserted into one plain table with no keys, in one transaction -- ``executemany``
on SQLite, ``COPY`` on PostgreSQL (the fastest bare load each backend has; ours uses the
same one). Migrations are not timed. Each side runs in its own process, under
``/usr/bin/time -v`` when present, so peak RSS is the process's own.

Run: .venv/bin/python benchmarks/import_orders.py [--repeat N] [--no-postgres]
Last line: the SQLite ratio ours/baseline (goal <= 2.0); peak RSS goal < 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "online_retail" / "order_lines_2010-12-01_to_2011-09-30.csv.gz"
POSTGRES_ADMIN = os.environ.get(
    "LAMPLIGHTER_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
CHUNK = 50_000
RATIO_GOAL = 2.0
RSS_GOAL_MB = 1024.0


# -- the two measured sides (each runs in a child process) ------------------------------------


def run_ours(url: str, path: Path) -> dict[str, Any]:
    from lamplighter.adapters.db.engine import make_engine
    from lamplighter.adapters.db.migrate import migrate
    from lamplighter.services.imports import import_orders
    from lamplighter.services.unit_of_work import UnitOfWork

    engine = make_engine(url)
    migrate(engine)
    started, cpu = time.perf_counter(), time.process_time()
    summary = import_orders(UnitOfWork(engine), path, "online-retail")
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    written = summary.changes.get("sales_lines_added", 0) + summary.changes.get("cancel_lines_added", 0)
    return {"seconds": seconds, "cpu": cpu, "lines": summary.rows, "written": written}


def run_baseline(url: str, path: Path) -> dict[str, Any]:
    import pandas as pd

    from lamplighter.adapters.db.engine import make_engine

    engine = make_engine(url)
    postgres = engine.dialect.name == "postgresql"
    text = "TEXT"
    ddl = f"CREATE TABLE raw_lines (invoice {text}, stock_code {text}, description {text}, quantity REAL, invoice_date {text}, unit_price REAL, customer {text}, country {text})"
    with engine.begin() as connection:
        connection.exec_driver_sql(ddl)
    written = 0
    started, cpu = time.perf_counter(), time.process_time()
    with engine.begin() as connection:
        dtypes = {"InvoiceNo": str, "StockCode": str, "Description": str, "CustomerID": str, "Country": str}
        for chunk in pd.read_csv(path, dtype=dtypes, chunksize=CHUNK):
            rows = list(chunk.astype(object).where(chunk.notna(), None).itertuples(index=False, name=None))
            if postgres:
                cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
                with cursor.copy("COPY raw_lines FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
            else:
                connection.exec_driver_sql("INSERT INTO raw_lines VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
            written += len(rows)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {"seconds": seconds, "cpu": cpu, "lines": written, "written": written}


def child(side: str, url: str, path: Path) -> None:
    import resource

    result = run_ours(url, path) if side == "ours" else run_baseline(url, path)
    result["maxrss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print("RESULT " + json.dumps(result))


# -- the parent: fresh databases, children, report --------------------------------------------


def measure(side: str, url: str, path: Path) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", side, "--url", url, "--file", str(path)]
    timer = shutil.which("time") or ("/usr/bin/time" if Path("/usr/bin/time").exists() else None)
    if timer:
        command = [timer, "-v", *command]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    found = re.search(r"^RESULT (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{side} on {url} failed:\n{done.stdout}\n{done.stderr}")
    result: dict[str, Any] = json.loads(found.group(1))
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    if rss:
        result["maxrss_mb"] = int(rss.group(1)) / 1024
        result["rss_source"] = "/usr/bin/time -v"
    else:
        result["rss_source"] = "getrusage"
    return result


def sqlite_run(side: str, path: Path) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="lamplighter-bench-") as scratch:
        return measure(side, f"sqlite:///{Path(scratch) / 'bench.sqlite'}", path)


def postgres_run(side: str, path: Path) -> dict[str, Any] | None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import OperationalError

    admin_url = make_url(POSTGRES_ADMIN)
    admin = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    name = f"lamplighter_bench_{side}_{os.getpid()}"
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as error:
        print(f"postgres: skipped ({str(error).splitlines()[0]})")
        return None
    try:
        return measure(side, admin_url.set(database=name).render_as_string(hide_password=False), path)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def best(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return min(runs, key=lambda r: float(r["seconds"]))


def report(backend: str, ours: dict[str, Any], base: dict[str, Any]) -> float:
    ratio = float(ours["seconds"]) / float(base["seconds"])
    cpu_ratio = float(ours["cpu"]) / float(base["cpu"])
    print(
        f"{backend:8s} ours {ours['seconds']:6.2f} s ({ours['lines'] / ours['seconds']:9,.0f} lines/s, "
        f"{ours['written']:,} lines written, client cpu {ours['cpu']:.2f} s, peak RSS {ours['maxrss_mb']:.0f} MB) | "
        f"baseline {base['seconds']:6.2f} s ({base['lines'] / base['seconds']:9,.0f} lines/s, client cpu {base['cpu']:.2f} s, "
        f"peak RSS {base['maxrss_mb']:.0f} MB) | wall ratio {ratio:.2f}, client-cpu ratio {cpu_ratio:.2f}"
    )
    return ratio


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", choices=["ours", "baseline"])
    parser.add_argument("--url")
    parser.add_argument("--file", type=Path, default=DATA)
    parser.add_argument("--repeat", type=int, default=1, help="runs per side; the fastest counts")
    parser.add_argument("--no-postgres", action="store_true")
    args = parser.parse_args()
    if args.child:
        child(args.child, args.url, args.file)
        return
    if not args.file.exists():
        raise SystemExit(f"{args.file} is absent: this benchmark needs ../shared/data (see ../shared/data/README.md)")
    print(f"file: {args.file.name} (whole file); peak RSS via /usr/bin/time -v when present; best of {args.repeat}")
    ratios: dict[str, float] = {}
    ours_rss: list[float] = []
    for backend in ("sqlite",) if args.no_postgres else ("postgres", "sqlite"):
        run = sqlite_run if backend == "sqlite" else postgres_run
        pairs = [(run("baseline", args.file), run("ours", args.file)) for _ in range(args.repeat)]
        if any(b is None or o is None for b, o in pairs):
            continue
        base = best([b for b, _ in pairs if b is not None])
        ours = best([o for _, o in pairs if o is not None])
        ours_rss.append(float(ours["maxrss_mb"]))
        ratios[backend] = report(backend, ours, base)
    rss = max(ours_rss)
    print(f"goals: sqlite ratio <= {RATIO_GOAL} ({'met' if ratios['sqlite'] <= RATIO_GOAL else 'NOT met'}); "
          f"peak RSS < {RSS_GOAL_MB:.0f} MB ({rss:.0f} MB, {'met' if rss < RSS_GOAL_MB else 'NOT met'})")  # fmt: skip
    if "postgres" in ratios:
        print(f"postgres ours/baseline: {ratios['postgres']:.2f}")
    print(f"sqlite ours/baseline: {ratios['sqlite']:.2f}")


if __name__ == "__main__":
    main()
