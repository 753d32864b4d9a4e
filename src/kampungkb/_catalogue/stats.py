"""Error and warning messages of kampungkb's stats area: key → (Bahasa Indonesia, English).

Inputs to the interval and funnel functions.  ``{name}`` is the argument's name
(``numerator``, ``denominators`` …), ``{positions}`` the first offending positions.
"""

from __future__ import annotations

#: What is wrong with some values: (Bahasa Indonesia, English).
_PROBLEMS = {
    "infinite": ("nilai tak hingga", "infinite value"),
    "negative": ("jumlah negatif", "negative count"),
    "outside_unit": ("proporsi di luar 0–1", "proportion outside 0–1"),
    "above_denominator": ("lebih besar dari penyebutnya", "greater than its denominator"),
}
#: Where: the only value given, one position, or several (the first few shown).
_WHERE = {
    "single": ("pada satu-satunya nilai", "at the single value"),
    "one": ("pada posisi {positions} (1 nilai)", "at position(s) {positions} (1 value)"),
    "many": (
        "pada posisi {positions} ({count} nilai)",
        "at position(s) {positions} ({count} values)",
    ),
}

MESSAGES: dict[str, tuple[str, str]] = {
    **{
        f"stats.{problem}_{where}": (
            f"{{name}}: {what[0]} {at[0]}",
            f"{{name}}: {what[1]} {at[1]}",
        )
        for problem, what in _PROBLEMS.items()
        for where, at in _WHERE.items()
    },
    "stats.not_numbers": (
        "{name}: nilai-nilainya tidak dapat dibaca sebagai angka ({kind})",
        "{name}: cannot read the values as numbers ({kind})",
    ),
    "stats.not_numbers_dtype": (
        "{name}: yang diharapkan angka, tetapi nilainya bertipe {dtype}",
        "{name}: expected numbers, got values of dtype {dtype}",
    ),
    "stats.not_numbers_arrow": (
        "{name}: yang diharapkan angka, tetapi tipe Arrow-nya {arrow_type}",
        "{name}: expected numbers, got Arrow type {arrow_type}",
    ),
    "stats.shapes": (
        "ukuran masukan tidak cocok satu sama lain (aturan broadcast NumPy): {shapes}",
        "input shapes do not broadcast together: {shapes}",
    ),
    "stats.confidence_type": (
        "{name}: yang diharapkan angka di antara 0 dan 1, bukan {kind}",
        "{name}: expected a number in (0, 1), got {kind}",
    ),
    "stats.confidence_range": (
        "{name}: harus lebih besar dari 0 dan lebih kecil dari 1, bukan {level!r}",
        "{name}: must lie strictly between 0 and 1, got {level!r}",
    ),
    "stats.no_confidences": (
        "confidences: berikan paling sedikit satu tingkat kepercayaan",
        "confidences: give at least one confidence level",
    ),
}
