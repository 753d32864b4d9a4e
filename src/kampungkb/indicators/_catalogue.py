"""An indicator set's catalogue in Markdown: every indicator's definition, formula and source.

Used by ``kampungkb describe`` and to generate the catalogue pages of the documentation
(a test keeps ``docs/catalogue/*.md`` equal to what this module writes).
"""

from __future__ import annotations

from collections.abc import Mapping

from kampungkb.indicators._definitions import Indicator, IndicatorSet, Measure

__all__ = ["catalogue_markdown"]

_KIND = {
    "en": {"ratio": "ratio", "count": "count", "presence": "presence", "composite": "composite"},
    "id": {"ratio": "rasio", "count": "jumlah", "presence": "keberadaan",
           "composite": "gabungan"},
}
_CHANGE = {
    "en": {"rise": "must rise", "fall": "must fall", "not_rise": "must not rise",
           "not_fall": "must not fall"},
    "id": {"rise": "harus naik", "fall": "harus turun", "not_rise": "tidak boleh naik",
           "not_fall": "tidak boleh turun"},
}
_GROUP = {
    "en": {"input": "Input", "process": "Process", "output": "Output", "outcome": "Outcome"},
    "id": {"input": "Input", "process": "Proses", "output": "Output", "outcome": "Outcome"},
}
_WORDS = {
    "en": {"kind": "Kind", "formula": "Formula", "target": "Target", "change": "Change rule",
           "rule": "Rule", "source": "Source", "notes": "Notes", "none": "—",
           "measure": "Measure", "table": "table", "where": "where", "all": "all rows",
           "part_of": "Part of", "legal": "Legal basis", "version": "Version",
           "present": "present (1) when at least one row, else 0; above the village level "
                      "the share of villages (%)"},
    "id": {"kind": "Jenis", "formula": "Rumus", "target": "Target", "change": "Aturan perubahan",
           "rule": "Aturan", "source": "Sumber", "notes": "Catatan", "none": "—",
           "measure": "Ukuran", "table": "tabel", "where": "dengan", "all": "semua baris",
           "part_of": "Bagian dari", "legal": "Dasar hukum", "version": "Versi",
           "present": "ada (1) bila ada minimal satu baris, selain itu 0; di atas tingkat desa "
                      "persentase desa (%)"},
}


def _measure_text(m: Measure | None, mid: str, lang: str) -> str:
    w = _WORDS[lang]
    if m is None:
        return f"`{mid}`"
    agg = {"count": "count", "sum": f"sum({m.column})",
           "count_distinct": f"count distinct({m.column})"}[m.agg]
    where = f" {w['where']} `{m.filter}`" if m.filter else f" ({w['all']})"
    return f"`{mid}` = {agg} {w['table']} `{m.table}`{where}"


def _formula(ind: Indicator, measures: Mapping[str, Measure], lang: str) -> str:
    w = _WORDS[lang]
    if ind.kind == "composite":
        return ", ".join(f"`{c}`" for c in ind.components)
    num = _measure_text(measures.get(ind.numerator or ""), ind.numerator or "", lang)
    if ind.kind == "ratio":
        den = _measure_text(measures.get(ind.denominator or ""), ind.denominator or "", lang)
        return f"{num} / {den} × {ind.factor:g}, {ind.decimals} decimals"
    if ind.kind == "presence":
        return f"{num}: {w['present']}"
    return num


def catalogue_markdown(
    indicator_set: IndicatorSet,
    *,
    lang: str = "en",
    shared_measures: Mapping[str, Measure] | None = None,
    heading_level: int = 1,
) -> str:
    """The set's catalogue as Markdown (``lang`` "en" or "id")."""
    w = _WORDS[lang]
    measures = {**(shared_measures or {}), **{m.id: m for m in indicator_set.measures}}
    title = indicator_set.title_en if lang == "en" else indicator_set.title_id
    h = "#" * heading_level
    lines = [f"{h} {title} (`{indicator_set.key}`)", ""]
    if indicator_set.text_in("legal_basis", lang):
        lines += [f"**{w['legal']}:** {indicator_set.text_in('legal_basis', lang)}", ""]
    if indicator_set.text_in("description", lang):
        lines += [indicator_set.text_in("description", lang), ""]
    for group in ("input", "process", "output", "outcome"):
        inds = [i for i in indicator_set.indicators if i.group == group]
        if not inds:
            continue
        lines += [f"{h}# {_GROUP[lang][group]}", ""]
        for ind in inds:
            label = ind.label_en if lang == "en" else ind.label_id
            other = ind.label_id if lang == "en" else ind.label_en
            lines += [f"{h}## {label} (`{ind.id}`)", "", f"*{other}*", ""]
            rows = [(w["kind"], _KIND[lang][ind.kind] + (f", {ind.unit}" if ind.unit else "")),
                    (w["formula"], _formula(ind, measures, lang))]
            if ind.parent:
                rows.append((w["part_of"], f"`{ind.parent}`"))
            if ind.target:
                rows.append((w["target"], f"`{ind.target}`"))
            if ind.change:
                rows.append((w["change"], _CHANGE[lang][ind.change]))
            if ind.rule:
                rows.append((w["rule"], ind.rule.describe(lang)))
            rows.extend((w[name], ind.text_in(name, lang)) for name in ("source", "notes")
                        if ind.text_in(name, lang))
            lines += [f"- **{k}:** {v}" for k, v in rows]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"
