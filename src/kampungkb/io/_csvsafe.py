"""CSV cells a spreadsheet would run as formulas are written as literal text (OWASP).

A text cell beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading
``'`` (the OWASP "CSV injection" rule), so Excel and LibreOffice show it as text instead of
evaluating it.  A plain number written as text (``-5``, ``+62``) is left alone.  Vectorised.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

__all__ = ["csv_safe", "write_csv"]

#: UTF-8 byte order mark: Excel (in any locale) then reads the file as UTF-8.
_BOM = b"\xef\xbb\xbf"

_RISKY = r"^[=+\-@\t\r]"
_NUMBER = r"^[+-]?[0-9]+([.,][0-9]+)?$"


def csv_safe(table: pa.Table) -> pa.Table:
    """``table`` with every risky text cell prefixed by ``'``; other cells unchanged."""
    for i, field in enumerate(table.schema):
        column = table.column(i)
        if pa.types.is_dictionary(field.type):
            column = column.cast(field.type.value_type)
        if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
            continue
        risky = pc.and_(pc.fill_null(pc.match_substring_regex(column, _RISKY), False),
                        pc.invert(pc.fill_null(pc.match_substring_regex(column, _NUMBER),
                                               False)))
        quoted = pc.binary_join_element_wise("'", column, "")
        table = table.set_column(i, field.name, pc.if_else(risky, quoted, column))
    return table


def write_csv(table: pa.Table, path: str | Path, *, delimiter: str = ",") -> Path:
    """Write ``table`` as a CSV file a spreadsheet opens correctly: UTF-8 with a byte order mark,
    formula-like text cells made literal (:func:`csv_safe`), and ``delimiter`` between cells
    (``";"`` for Excel set to Indonesian, where ``,`` is the decimal separator)."""
    if len(delimiter) != 1 or delimiter in "\"\r\n":
        raise ValueError(f"a CSV delimiter is one character such as ',' or ';', not {delimiter!r}")
    sink = pa.BufferOutputStream()
    pacsv.write_csv(csv_safe(table), sink, write_options=pacsv.WriteOptions(delimiter=delimiter))
    out = Path(path)
    out.write_bytes(_BOM + sink.getvalue().to_pybytes())
    return out
