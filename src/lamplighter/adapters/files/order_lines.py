"""Order-line files read into one canonical frame for planning and evaluation.

Formats:
- ``online-retail``: the UCI Online Retail file (InvoiceNo, StockCode, Description,
  Quantity, InvoiceDate, UnitPrice, CustomerID, Country). Invoices starting with ``C``
  are cancellations (kind ``cancel``, positive quantity); non-product stock codes
  (POST, DOT, M, AMAZONFEE, BANK CHARGES, gift vouchers, ...) are skipped and counted.
- ``lines``: a generic CSV with columns order_id, sku, quantity, ordered_at and optional
  unit_price, customer, cancelled (true/false) -- cancellations as their own rows.
- ``tiktok``: a TikTok Shop order export (see ``lamplighter.adapters.files.tiktok_orders``).

Canonical columns (:data:`CANONICAL_COLUMNS`): order_id (str), sku (str), quantity
(int64, > 0), ordered_at (datetime64), unit_price (float64), customer (str or NA),
kind ("order" or "cancel").
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from lamplighter.adapters.files.order_formats import FORMATS as FORMATS
from lamplighter.adapters.files.order_formats import OrderFileFormat as OrderFileFormat

CANONICAL_COLUMNS = ["order_id", "sku", "quantity", "ordered_at", "unit_price", "customer", "kind"]

# A product in the Online Retail file has a five-digit code, sometimes with a letter suffix
# (85123A). Everything else is postage, fees, manual lines, samples or vouchers.
_PRODUCT_CODE = re.compile(r"^\d{5}[A-Za-z]{0,3}$")
_ONLINE_RETAIL_COLUMNS = [
    "InvoiceNo",
    "StockCode",
    "Description",
    "Quantity",
    "InvoiceDate",
    "UnitPrice",
    "CustomerID",
    "Country",
]


class OrderFileError(ValueError):
    """A file that cannot be read as the named format; the message names the file and what is wrong."""


@dataclass(slots=True)
class OrderLines:
    frame: pd.DataFrame
    skipped: Counter[str] = field(default_factory=Counter)
    """Lines left out, by reason (``non-product:POST``, ``non-positive-quantity``, ...)."""
    descriptions: dict[str, str] = field(default_factory=dict)


def is_product_code(code: str) -> bool:
    return bool(_PRODUCT_CODE.match(code))


def read_order_lines(
    path: str | Path,
    fmt: OrderFileFormat,
    *,
    since: datetime | None = None,
    until: datetime | None = None,
) -> OrderLines:
    """Read a whole file into the canonical frame, keeping lines with since <= ordered_at < until."""
    chunks: list[pd.DataFrame] = []
    skipped: Counter[str] = Counter()
    descriptions: dict[str, str] = {}
    for chunk in iter_order_lines(path, fmt, skipped=skipped, descriptions=descriptions):
        if since is not None:
            chunk = chunk[chunk["ordered_at"] >= pd.Timestamp(since)]
        if until is not None:
            chunk = chunk[chunk["ordered_at"] < pd.Timestamp(until)]
        chunks.append(chunk)
    frame = pd.concat(chunks, ignore_index=True) if chunks else _empty()
    return OrderLines(frame, skipped, descriptions)


def iter_order_lines(
    path: str | Path,
    fmt: OrderFileFormat,
    *,
    chunk_rows: int = 50_000,
    skipped: Counter[str] | None = None,
    descriptions: dict[str, str] | None = None,
) -> Iterator[pd.DataFrame]:
    """Stream a file as canonical frames of at most ``chunk_rows`` lines (memory stays flat)."""
    path = Path(path)
    if not path.exists():
        raise OrderFileError(f"{path}: no such file")
    skipped = Counter() if skipped is None else skipped
    if fmt == "online-retail":
        yield from _online_retail(path, chunk_rows, skipped, descriptions)
    elif fmt == "lines":
        yield from _generic_lines(path, chunk_rows, skipped)
    elif fmt == "tiktok":
        from lamplighter.adapters.files import tiktok_orders

        yield tiktok_orders.canonical_order_lines(path)
    else:
        raise OrderFileError(f"{path}: unknown format {fmt!r}; expected one of {', '.join(FORMATS)}")


def _empty() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "order_id": pd.Series(dtype=str),
            "sku": pd.Series(dtype=str),
            "quantity": pd.Series(dtype="int64"),
            "ordered_at": pd.Series(dtype="datetime64[ns]"),
            "unit_price": pd.Series(dtype="float64"),
            "customer": pd.Series(dtype=str),
            "kind": pd.Series(dtype=str),
        }
    )


def _online_retail(
    path: Path, chunk_rows: int, skipped: Counter[str], descriptions: dict[str, str] | None
) -> Iterator[pd.DataFrame]:
    try:
        reader = pd.read_csv(
            path,
            dtype={"InvoiceNo": str, "StockCode": str, "Description": str, "CustomerID": str, "Country": str},
            chunksize=chunk_rows,
        )
        for raw in reader:
            missing = [c for c in _ONLINE_RETAIL_COLUMNS if c not in raw.columns]
            if missing:
                raise OrderFileError(f"{path}: missing columns {missing} for format online-retail")
            yield _online_retail_chunk(raw, skipped, descriptions)
    except (UnicodeDecodeError, pd.errors.ParserError) as exc:
        raise OrderFileError(f"{path}: not a readable CSV for format online-retail ({exc})") from exc


def _online_retail_chunk(raw: pd.DataFrame, skipped: Counter[str], descriptions: dict[str, str] | None) -> pd.DataFrame:
    codes = raw["StockCode"].astype(str).str.strip()
    product = codes.str.match(_PRODUCT_CODE)
    for code, count in codes[~product].value_counts().items():
        skipped[f"non-product:{code}"] += int(count)
    raw = raw[product]
    codes = codes[product].str.upper()
    invoice = raw["InvoiceNo"].astype(str).str.strip()
    cancel = invoice.str.startswith("C")
    quantity = raw["Quantity"].round().astype("int64")
    # A non-cancellation line with a negative quantity is a stock adjustment, not demand.
    bad = (quantity == 0) | ((quantity < 0) & ~cancel) | ((quantity > 0) & cancel)
    if bad.any():
        skipped["not-an-order-line"] += int(bad.sum())
    keep = ~bad
    customer = raw["CustomerID"].str.removesuffix(".0")  # read as text: the file writes 17850.0
    frame = pd.DataFrame(
        {
            "order_id": invoice[keep].values,
            "sku": codes[keep].values,
            "quantity": quantity[keep].abs().values,
            "ordered_at": pd.to_datetime(raw["InvoiceDate"][keep]).values,
            "unit_price": raw["UnitPrice"][keep].astype("float64").values,
            "customer": customer[keep].values,
            "kind": pd.Series(cancel[keep]).map({True: "cancel", False: "order"}).values,
        }
    )
    if descriptions is not None:
        named = pd.DataFrame({"code": codes[keep].values, "text": raw["Description"][keep].values}).dropna()
        for code, text in named.drop_duplicates("code").itertuples(index=False):
            descriptions.setdefault(code, text.strip())
    return frame


_GENERIC_REQUIRED = ["order_id", "sku", "quantity", "ordered_at"]


def _generic_lines(path: Path, chunk_rows: int, skipped: Counter[str]) -> Iterator[pd.DataFrame]:
    reader = pd.read_csv(path, dtype={"order_id": str, "sku": str, "customer": str}, chunksize=chunk_rows)
    first_row = 2
    for raw in reader:
        missing = [c for c in _GENERIC_REQUIRED if c not in raw.columns]
        if missing:
            raise OrderFileError(f"{path}: missing columns {missing} for format lines")
        quantity = pd.to_numeric(raw["quantity"], errors="coerce")
        bad_rows = raw.index[quantity.isna() | (quantity <= 0)]
        if len(bad_rows):
            row = int(bad_rows[0]) + first_row
            raise OrderFileError(
                f"{path}: row {row}, column quantity: expected a positive number, got {raw['quantity'].iloc[bad_rows[0] - raw.index[0]]!r}"
            )
        ordered = pd.to_datetime(raw["ordered_at"], errors="coerce")
        if ordered.isna().any():
            row = int(raw.index[ordered.isna()][0]) + first_row
            raise OrderFileError(f"{path}: row {row}, column ordered_at: expected a date and time")
        cancelled = raw.get("cancelled", pd.Series(False, index=raw.index))
        cancelled = cancelled.astype(str).str.lower().isin(["true", "1", "yes"])
        yield pd.DataFrame(
            {
                "order_id": raw["order_id"].astype(str).values,
                "sku": raw["sku"].astype(str).str.strip().values,
                "quantity": quantity.round().astype("int64").values,
                "ordered_at": ordered.values,
                "unit_price": pd.to_numeric(raw["unit_price"], errors="coerce").fillna(0.0).values
                if "unit_price" in raw
                else 0.0,
                "customer": raw["customer"].values if "customer" in raw else None,
                "kind": cancelled.map({True: "cancel", False: "order"}).values,
            }
        )
