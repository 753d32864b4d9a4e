"""Pure-numpy z-score kernels that follow WHO's ``anthro`` R package line by line.

References (WorldHealthOrganization/anthro on GitHub):

* ``R/z-score.R`` (``anthro_zscores``): measure cleaning, the "standing under 9 months" rule
  (``age_in_months < 9`` on the *unrounded* age in months; the position is set to NA and
  ``c9mo_flag`` to 1), ``clenhei`` from ``adjust_lenhei``.
* ``R/z-score-helper.R``: ``round_up`` (age in days rounded half-up), ``adjust_lenhei``
  (+0.7 cm when standing and rounded age < 731 days; -0.7 cm when lying and age >= 731; NA
  position: no change), ``compute_zscore`` / ``compute_zscore_adjusted`` (LMS with the SD23
  rule beyond +/-3), z rounded to 2 decimals, measure <= 0 -> NA, z only while
  ``age_in_months < 60`` (unrounded) and 0 <= day <= 1856, flags on the rounded z.
* ``R/z-score-weight-for-lenhei.R``: table choice by age (< 731 days: length table) or, without
  age, by position or 87 cm; LMS interpolated between the two neighbouring 0.1 cm rows;
  valid only for 45-110 cm (length) or 65-120 cm (height).

Every function takes and returns numpy arrays of one length; no Python loop per row.
"""

from __future__ import annotations

from typing import Final

import attrs
import numpy as np
import numpy.typing as npt

from kampungkb.growth._inputs import LYING, STANDING, UNKNOWN
from kampungkb.growth._tables import LmsTable, age_table, lenhei_table

__all__ = [
    "FLAG_AGE_OUT_OF_RANGE",
    "FLAG_CODES",
    "FLAG_HEIGHT_OUT_OF_RANGE",
    "FLAG_IMPLAUSIBLE",
    "FLAG_MISSING_INPUT",
    "FLAG_NONE",
    "FLAG_POSITION_UNKNOWN",
    "AgeArrays",
    "HazArrays",
    "ages",
    "haz_kernel",
    "lms_z",
    "round2",
    "waz_kernel",
    "whz_kernel",
]

FloatArray = npt.NDArray[np.float64]
CodeArray = npt.NDArray[np.int8]
BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.intp]

DAYS_PER_MONTH: Final = 30.4375  # WHO: ANTHRO_DAYS_OF_MONTH = 365.25 / 12
MAX_TABLE_DAY: Final = 1856  # WHO's allowed_age_range upper end
LAST_LENGTH_DAY: Final = 730  # recumbent length up to here, standing height from 731
POSITION_CORRECTION_CM: Final = 0.7
ROUND_EXACT_FROM: Final = 2.0**43  # R's round(x, 2) returns |x| >= 2^43 unchanged

# Flag codes: indexes into FLAG_CODES. When several apply, one code is kept: missing sex or
# age > age out of range > missing measure > height out of table range > implausible >
# position unknown.
FLAG_NONE: Final = 0
FLAG_POSITION_UNKNOWN: Final = 1
FLAG_IMPLAUSIBLE: Final = 2
FLAG_HEIGHT_OUT_OF_RANGE: Final = 3
FLAG_MISSING_INPUT: Final = 4
FLAG_AGE_OUT_OF_RANGE: Final = 5
#: Text of each flag code (index = code; 0 = no flag).
FLAG_CODES: Final[tuple[str | None, ...]] = (
    None,
    "position_unknown",
    "implausible",
    "height_out_of_range",
    "missing_input",
    "age_out_of_range",
)


@attrs.frozen(eq=False)
class AgeArrays:
    """Age in the forms WHO uses.

    Attributes:
        raw: age in days as given (may be fractional; NaN = missing).
        days: ``raw`` rounded half-up (WHO ``round_up``); NaN where missing.
        months: ``raw / 30.4375`` (unrounded, as WHO compares it with 9 and 60).
        in_range: 0 <= raw, months < 60 and days <= 1856.
        known: age is not missing.
    """

    raw: FloatArray
    days: FloatArray
    months: FloatArray
    in_range: BoolArray
    known: BoolArray


@attrs.frozen(eq=False)
class HazArrays:
    """Length/height-for-age output (numpy).

    Attributes:
        z: z-score rounded to 2 decimals; NaN when not computable.
        flag: int8 flag codes (see ``FLAG_CODES``).
        height_adjusted: WHO ``clenhei``: length/height after the 0.7 cm position correction.
        position: cleaned position codes (standing under 9 months becomes unknown).
    """

    z: FloatArray
    flag: CodeArray
    height_adjusted: FloatArray
    position: CodeArray


def ages(raw: FloatArray) -> AgeArrays:
    """Derive WHO's age forms from age in days."""
    with np.errstate(invalid="ignore"):
        floor = np.floor(raw)
        days = floor + ((raw - floor) >= 0.5)
        months = raw / DAYS_PER_MONTH
        known = ~np.isnan(raw)
        in_range = known & (raw >= 0) & (months < 60) & (days <= MAX_TABLE_DAY)
    return AgeArrays(raw=raw, days=days, months=months, in_range=in_range, known=known)


def lms_z(y: FloatArray, l: FloatArray, m: FloatArray, s: FloatArray) -> FloatArray:  # noqa: E741
    """WHO ``compute_zscore_adjusted``: the LMS z-score, restretched beyond +/-3 SD (SD23).

    Beyond +/-3 SD the distance is measured in units of the 2-to-3 SD gap at that age/length:
    ``z = 3 + (y - SD3) / (SD3 - SD2)`` (and symmetrically below -3).
    """
    with np.errstate(invalid="ignore", divide="ignore", over="ignore"):
        z = ((y / m) ** l - 1) / (s * l)
        for side in (3.0, -3.0):
            pick = np.flatnonzero(z > 3) if side > 0 else np.flatnonzero(z < -3)
            if pick.size == 0:
                continue
            lp, mp, sp = l[pick], m[pick], s[pick]
            sd3 = mp * (1 + lp * sp * side) ** (1 / lp)
            sd2 = mp * (1 + lp * sp * (side - np.sign(side))) ** (1 / lp)
            z[pick] = side + (y[pick] - sd3) / np.abs(sd3 - sd2)
    return z


def round2(z: FloatArray) -> FloatArray:
    """R's ``round(z, 2)`` (R >= 4.0.0, ``src/nmath/fround.c``), which WHO's code calls.

    Of ``floor(|z| * 100) / 100`` and ``ceil(|z| * 100) / 100`` the one nearer to ``|z|`` (in
    double arithmetic), the even hundredth on a tie; ``|z| >= 2^43`` is returned as is. numpy's
    ``round`` (``rint(z * 100) / 100``) gives the same except where ``z * 100`` lies within a
    hair of a half (it rounds the product, which may land on the half that ``z`` is not on) or
    ``|z|`` is huge: those few values take R's rule written out, as the SQL form
    (:mod:`kampungkb.growth._sql`) does for every value.
    """
    out: FloatArray = np.round(z, 2)
    with np.errstate(invalid="ignore"):
        x10 = np.abs(z) * 100
        off_half = x10 - np.floor(x10)
        off_half -= 0.5
        np.abs(off_half, out=off_half)
        near = np.flatnonzero((off_half < _NEAR_HALF) | (x10 >= _ROUND_FAST_BELOW))
    if near.size:
        out[near] = _round2_exact(z[near])
    return out


_NEAR_HALF: Final = 1e-6  # far beyond the rounding error of |z| * 100 below _ROUND_FAST_BELOW
_ROUND_FAST_BELOW: Final = 1e8  # |z| * 100; larger values always take the exact rule


def _round2_exact(z: FloatArray) -> FloatArray:
    """R's ``round(z, 2)`` on every value (see :func:`round2`)."""
    with np.errstate(invalid="ignore"):
        a = np.abs(z)
        x10 = a * 100
        i10 = np.floor(x10)
        down = i10 / 100
        up = np.ceil(x10) / 100
        du, dd = up - a, a - down
        nearest = np.where((du < dd) | ((du == dd) & (np.fmod(i10, 2) == 1)), up, down)
        nearest = np.where(a >= ROUND_EXACT_FROM, a, nearest)
        out: FloatArray = np.where(z < 0, -nearest, nearest)
    return out


def _flat_index(table: LmsTable, sex: CodeArray, key: FloatArray, ok: BoolArray) -> IntArray:
    """Positions in the flattened ``(3, n)`` arrays; row 0 (NaN) where ``ok`` is false."""
    idx = np.where(ok, key - table.start, 0).astype(np.intp)
    np.clip(idx, 0, table.size - 1, out=idx)
    idx += np.where(ok, sex, 0).astype(np.intp) * table.size
    return idx


def _lookup(
    table: LmsTable, sex: CodeArray, key: FloatArray, ok: BoolArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """L, M, S by sex and integer key; NaN where ``ok`` is false or sex is unknown."""
    idx = _flat_index(table, sex, key, ok)
    return table.l.ravel().take(idx), table.m.ravel().take(idx), table.s.ravel().take(idx)


def haz_kernel(
    sex: CodeArray, age: AgeArrays, height: FloatArray, position: CodeArray
) -> HazArrays:
    """Length/height-for-age z-scores and flags (WHO ``anthro_zscores``, ``zlen``/``flen``)."""
    with np.errstate(invalid="ignore"):
        reset = (position == STANDING) & (age.months < 9)  # WHO c9mo_flag
        pos = np.where(reset, UNKNOWN, position).astype(np.int8)
        adjusted = np.where(
            (age.days <= LAST_LENGTH_DAY) & (pos == STANDING),
            height + POSITION_CORRECTION_CM,
            height,
        )
        adjusted = np.where(
            (age.days > LAST_LENGTH_DAY) & (pos == LYING),
            adjusted - POSITION_CORRECTION_CM,
            adjusted,
        )
        measure_ok = adjusted > 0
    table = age_table("lhfa")
    ok = age.in_range & (sex > 0) & measure_ok
    with np.errstate(invalid="ignore", divide="ignore"):
        if table.l_is_one:  # WHO's table: L = 1 everywhere, so z = (y / M - 1) / S
            idx = _flat_index(table, sex, age.days, ok)
            z = (adjusted / table.m.ravel().take(idx) - 1) / table.s.ravel().take(idx)
        else:  # pragma: no cover - only if a future table had L != 1
            l, m, s = _lookup(table, sex, age.days, ok)  # noqa: E741
            z = ((adjusted / m) ** l - 1) / (s * l)
    z = round2(np.where(ok, z, np.nan))
    flag = np.zeros(z.shape, dtype=np.int8)
    flag[pos == UNKNOWN] = FLAG_POSITION_UNKNOWN
    with np.errstate(invalid="ignore"):
        flag[np.abs(z) > 6] = FLAG_IMPLAUSIBLE
    flag[~measure_ok] = FLAG_MISSING_INPUT
    flag[age.known & ~age.in_range] = FLAG_AGE_OUT_OF_RANGE
    flag[(sex == 0) | ~age.known] = FLAG_MISSING_INPUT
    return HazArrays(z=z, flag=flag, height_adjusted=adjusted, position=pos)


def waz_kernel(sex: CodeArray, age: AgeArrays, weight: FloatArray) -> tuple[FloatArray, CodeArray]:
    """Weight-for-age z-scores and flags (WHO ``zwei``/``fwei``: z < -6 or z > 5)."""
    with np.errstate(invalid="ignore"):
        measure_ok = weight > 0
    ok = age.in_range & (sex > 0) & measure_ok
    l, m, s = _lookup(age_table("wfa"), sex, age.days, ok)  # noqa: E741
    z = round2(np.where(ok, lms_z(weight, l, m, s), np.nan))
    flag = np.zeros(z.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        flag[(z < -6) | (z > 5)] = FLAG_IMPLAUSIBLE
    flag[~measure_ok] = FLAG_MISSING_INPUT
    flag[age.known & ~age.in_range] = FLAG_AGE_OUT_OF_RANGE
    flag[(sex == 0) | ~age.known] = FLAG_MISSING_INPUT
    return z, flag


def whz_kernel(
    sex: CodeArray,
    age: AgeArrays,
    weight: FloatArray,
    height_adjusted: FloatArray,
    position: CodeArray,
) -> tuple[FloatArray, CodeArray]:
    """Weight-for-length/height z-scores and flags (WHO ``zwfl``/``fwfl``: |z| > 5).

    ``height_adjusted`` and ``position`` are WHO's ``clenhei`` and cleaned ``cmeasure`` (from
    :func:`haz_kernel`). Age is optional here, as in WHO's code: without it the table is chosen
    by position, or by 87 cm when the position is unknown too.
    """
    h = height_adjusted
    with np.errstate(invalid="ignore"):
        no_age = ~age.known
        use_l = (age.known & (age.days <= LAST_LENGTH_DAY)) | (
            no_age & ((position == LYING) | ((position == UNKNOWN) & (h < 87)))
        )
        use_h = (age.known & (age.days > LAST_LENGTH_DAY)) | (
            no_age & ((position == STANDING) | ((position == UNKNOWN) & (h >= 87)))
        )
        in_l = use_l & (h >= 45) & (h <= 110)
        in_h = use_h & (h >= 65) & (h <= 120)
        age_ok = no_age | age.in_range
        measure_ok = (weight > 0) & ~np.isnan(h)
        tenths = np.trunc(h * 10)
        diff = (h - tenths / 10) / 0.1
    ok = (sex > 0) & measure_ok & (in_l | in_h) & age_ok
    z = np.full(h.shape, np.nan)
    for table, part in ((lenhei_table("wfl"), ok & in_l), (lenhei_table("wfh"), ok & in_h)):
        rows = np.flatnonzero(part)
        if rows.size == 0:
            continue
        key = tenths[rows].astype(np.intp) - table.start  # in range: 45-110 / 65-120 cm
        upper = np.minimum(key + 1, table.size - 1)
        sx = sex[rows].astype(np.intp)
        d = diff[rows]
        lms = []
        for col in (table.l, table.m, table.s):
            low, high = col[sx, key], col[sx, upper]
            lms.append(np.where(d > 0, low + d * (high - low), low))
        z[rows] = lms_z(weight[rows], lms[0], lms[1], lms[2])
    z = round2(z)
    flag = np.zeros(z.shape, dtype=np.int8)
    with np.errstate(invalid="ignore"):
        flag[np.abs(z) > 5] = FLAG_IMPLAUSIBLE
    flag[measure_ok & ~(in_l | in_h)] = FLAG_HEIGHT_OUT_OF_RANGE
    flag[~measure_ok] = FLAG_MISSING_INPUT
    flag[age.known & ~age.in_range] = FLAG_AGE_OUT_OF_RANGE
    flag[sex == 0] = FLAG_MISSING_INPUT
    return z, flag
