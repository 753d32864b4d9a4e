"""Public, vectorised z-score functions returning Arrow tables."""

from __future__ import annotations

import functools

import numpy as np
import numpy.typing as npt
import pyarrow as pa

from kampungkb.growth._core import (
    FLAG_CODES,
    AgeArrays,
    HazArrays,
    ages,
    haz_kernel,
    waz_kernel,
    whz_kernel,
)
from kampungkb.growth._inputs import (
    ArrayLike,
    position_codes,
    resolve_age,
    sex_codes,
    to_float,
)

__all__ = ["height_for_age", "weight_for_age", "weight_for_length_height"]

@functools.cache
def _flag_text() -> pa.Array:
    # built on first use: an Arrow array built at import would import pandas (when installed)
    # whenever kampungkb checks a definition that reads child measurements
    return pa.array([c for c in FLAG_CODES if c is not None], pa.string())


@functools.cache
def _position_text() -> pa.Array:
    return pa.array(["lying", "standing"], pa.string())


def flags_to_arrow(flag: npt.NDArray[np.int8]) -> pa.Array:
    """int8 flag codes -> a string array (null = no flag)."""
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    return pc.take(_flag_text(), pa.array(flag - 1, mask=flag == 0))


def floats_to_arrow(values: npt.NDArray[np.float64]) -> pa.Array:
    """float64 with NaN -> a float64 array with nulls."""
    return pa.array(values, mask=np.isnan(values))


def days_to_arrow(age: AgeArrays) -> pa.Array:
    """Rounded age in days as int32 (null = missing)."""
    missing = np.isnan(age.days)
    return pa.array(np.where(missing, 0, age.days).astype(np.int32), mask=missing)


def _prepare(
    sex: ArrayLike,
    measure: ArrayLike,
    measure_name: str,
    *,
    age_days: ArrayLike | None,
    birth_date: ArrayLike | None,
    measurement_date: ArrayLike | None,
) -> tuple[npt.NDArray[np.int8], AgeArrays, npt.NDArray[np.float64]]:
    values = to_float(measure, measure_name)
    n = values.size
    sexes = sex_codes(sex, n)
    age_raw = resolve_age(age_days, birth_date, measurement_date)
    if not sexes.size == age_raw.size == n:
        msg = f"inputs differ in length: sex {sexes.size}, age {age_raw.size}, {measure_name} {n}"
        raise ValueError(msg)
    return sexes, ages(age_raw), values


def height_haz_arrays(
    sex: ArrayLike,
    height_cm: ArrayLike,
    measured: ArrayLike | None,
    *,
    age_days: ArrayLike | None,
    birth_date: ArrayLike | None,
    measurement_date: ArrayLike | None,
) -> tuple[npt.NDArray[np.int8], AgeArrays, HazArrays]:
    """The numpy form of :func:`height_for_age` (shared with the weight-for-length code)."""
    sexes, age, height = _prepare(
        sex,
        height_cm,
        "height_cm",
        age_days=age_days,
        birth_date=birth_date,
        measurement_date=measurement_date,
    )
    position = position_codes(measured, height.size)
    if position.size != height.size:
        msg = f"measured has {position.size} values but height_cm has {height.size}"
        raise ValueError(msg)
    return sexes, age, haz_kernel(sexes, age, height, position)


def height_for_age(
    sex: ArrayLike,
    height_cm: ArrayLike,
    measured: ArrayLike | None = None,
    *,
    age_days: ArrayLike | None = None,
    birth_date: ArrayLike | None = None,
    measurement_date: ArrayLike | None = None,
) -> pa.Table:
    """Length/height-for-age z-scores (HAZ) against the WHO 2006 Child Growth Standards.

    Follows WHO's ``anthro`` R package exactly: age in days rounded half-up; scored only while
    age / 30.4375 < 60 months; +0.7 cm for a child measured standing at <= 730 days, -0.7 cm for
    one measured lying at >= 731 days; measured standing under 9 months (age / 30.4375 < 9)
    counts as position unknown (flagged, not corrected); z rounded to 2 decimals; ``|z| > 6``
    flagged implausible.

    Args:
        sex: ``"m"``/``"f"`` (also ``"M"``/``"F"``, ``"L"``/``"P"``, 1/2); null = missing.
        height_cm: length or height in cm.
        measured: ``"lying"``/``"standing"`` (also WHO's ``"l"``/``"h"``); null or ``None`` =
            unknown; a single string applies to every row.
        age_days: age in days (fractions allowed; rounded half-up). Or give both of:
        birth_date: dates of birth,
        measurement_date: dates of measurement.

    Returns:
        A pyarrow Table, one row per input row, with ``age_days`` (int32), ``haz`` (float64,
        null when not computable), ``haz_flag`` (string, null when fine; see
        :data:`kampungkb.growth.FLAGS`), ``height_adjusted_cm`` (float64, WHO's ``clenhei``) and
        ``position`` (the position used after cleaning, null = unknown).

    Raises:
        ValueError: an unknown sex/position code, inputs of different lengths, or both or
            neither of ``age_days`` and the dates.
        TypeError: a column cannot be read as numbers/dates.

    Example:
        >>> t = height_for_age(["m"], [50.0], ["lying"], age_days=[44])
        >>> t.column("haz").to_pylist()
        [-3.29]
    """
    import pyarrow.compute as pc  # noqa: PLC0415 - ≈ 30 ms to import

    _, age, res = height_haz_arrays(
        sex,
        height_cm,
        measured,
        age_days=age_days,
        birth_date=birth_date,
        measurement_date=measurement_date,
    )
    position = pa.array(np.maximum(res.position - 1, 0), mask=res.position == 0)
    return pa.table(
        {
            "age_days": days_to_arrow(age),
            "haz": floats_to_arrow(res.z),
            "haz_flag": flags_to_arrow(res.flag),
            "height_adjusted_cm": floats_to_arrow(res.height_adjusted),
            "position": pc.take(_position_text(), position),
        }
    )


def weight_for_age(
    sex: ArrayLike,
    weight_kg: ArrayLike,
    *,
    age_days: ArrayLike | None = None,
    birth_date: ArrayLike | None = None,
    measurement_date: ArrayLike | None = None,
) -> pa.Table:
    """Weight-for-age z-scores (WAZ), WHO 2006, with WHO's SD23 rule beyond +/-3 SD.

    Same age rules as :func:`height_for_age`; flagged implausible when z < -6 or z > 5
    (WHO ``fwei``). Oedema is not taken into account (WHO sets WAZ to missing for oedema).

    Returns:
        A pyarrow Table with ``age_days`` (int32), ``waz`` (float64) and ``waz_flag`` (string).

    Example:
        >>> weight_for_age(["f"], [3.2322], age_days=[0]).column("waz").to_pylist()
        [0.0]
    """
    sexes, age, weight = _prepare(
        sex,
        weight_kg,
        "weight_kg",
        age_days=age_days,
        birth_date=birth_date,
        measurement_date=measurement_date,
    )
    z, flag = waz_kernel(sexes, age, weight)
    return pa.table(
        {
            "age_days": days_to_arrow(age),
            "waz": floats_to_arrow(z),
            "waz_flag": flags_to_arrow(flag),
        }
    )


def weight_for_length_height(
    sex: ArrayLike,
    weight_kg: ArrayLike,
    height_cm: ArrayLike,
    measured: ArrayLike | None = None,
    *,
    age_days: ArrayLike | None = None,
    birth_date: ArrayLike | None = None,
    measurement_date: ArrayLike | None = None,
) -> pa.Table:
    """Weight-for-length/height z-scores (WHZ), WHO 2006.

    The length/height is first corrected exactly as in :func:`height_for_age`; children under
    731 days use the weight-for-length table (45-110 cm), older ones weight-for-height
    (65-120 cm). LMS values are interpolated linearly between the two neighbouring 0.1 cm rows
    and WHO's SD23 rule applies beyond +/-3 SD; ``|z| > 5`` is flagged implausible. A missing age
    does not prevent the score (as in WHO's code): the table is then chosen by the position, or
    by 87 cm when that is unknown too.

    Returns:
        A pyarrow Table with ``whz`` (float64) and ``whz_flag`` (string).
    """
    weight = to_float(weight_kg, "weight_kg")
    sexes, age, res = height_haz_arrays(
        sex,
        height_cm,
        measured,
        age_days=age_days,
        birth_date=birth_date,
        measurement_date=measurement_date,
    )
    if weight.size != sexes.size:
        msg = f"weight_kg has {weight.size} values but height_cm has {sexes.size}"
        raise ValueError(msg)
    z, flag = whz_kernel(sexes, age, weight, res.height_adjusted, res.position)
    return pa.table({"whz": floats_to_arrow(z), "whz_flag": flags_to_arrow(flag)})
