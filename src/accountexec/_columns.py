"""Columns for notebooks and engines: plain records to a ``pyarrow.Table``, money exact.

The ``to_arrow()`` methods (forecasts, aging reports, invoices, opportunity collections) build the
same records as their ``to_records()`` and hand them here with the kind of each column. Amounts
become ``decimal128`` columns whose scale is the largest number of decimal places in the column
(at least the one given, the currency's minor units), so every value is held exactly: pyarrow
refuses to rescale a Decimal that would lose a digit, and a column needing more than 38 digits
becomes ``decimal256``. pandas reads the table with ``types_mapper=pandas.ArrowDtype`` and keeps
the decimals; polars reads it with ``polars.from_arrow``. pyarrow is imported on first use (the
``arrays`` extra).

>>> from decimal import Decimal
>>> table = to_table([{"client": "acme", "total": Decimal("12.5")}],
...                  {"client": "text", "total": "decimal"}, "example", min_scale=2)
>>> table.schema.field("total").type
Decimal128Type(decimal128(38, 2))
>>> table.column("total").to_pylist()
[Decimal('12.50')]
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final, Literal

from accountexec import _optional

__all__ = ["ColumnKind", "to_table"]

ColumnKind = Literal["text", "int", "decimal", "date", "bool"]

_DECIMAL128_DIGITS: Final = 38
_DECIMAL256_DIGITS: Final = 76


def _places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def _decimal_type(pa: Any, values: Sequence[Decimal | None], min_scale: int) -> Any:
    present = [v for v in values if v is not None]
    scale = max((_places(v) for v in present), default=min_scale)
    scale = max(scale, min_scale)
    whole = max((v.adjusted() + 1 for v in present if v), default=1)
    digits = max(whole, 1) + scale
    if digits <= _DECIMAL128_DIGITS:
        return pa.decimal128(_DECIMAL128_DIGITS, scale)
    return pa.decimal256(_DECIMAL256_DIGITS, scale)


def to_table(
    records: Sequence[Mapping[str, Any]],
    kinds: Mapping[str, ColumnKind],
    needed_by: str,
    *,
    min_scale: int = 0,
) -> Any:
    """A ``pyarrow.Table`` of ``records`` with one column per entry of ``kinds``, in that order.

    ``needed_by`` names the public method for the error raised when pyarrow is missing.
    """
    pa = _optional.pyarrow(needed_by)
    arrays = []
    for name, kind in kinds.items():
        values = [record[name] for record in records]
        if kind == "decimal":
            arrow_type = _decimal_type(pa, values, min_scale)
        elif kind == "text":
            arrow_type = pa.string()
        elif kind == "int":
            arrow_type = pa.int64()
        elif kind == "bool":
            arrow_type = pa.bool_()
        else:
            arrow_type = pa.date32()
        arrays.append(pa.array(values, type=arrow_type))
    return pa.Table.from_arrays(arrays, names=list(kinds))
