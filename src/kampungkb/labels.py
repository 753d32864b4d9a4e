"""User-interface labels in Bahasa Indonesia and English — the one place they live.

Reports and the command line take every column heading, message, level name, marker and
legend from here, in Bahasa Indonesia (``"id"``, the default for reports) or English
(``"en"``).  Labels of coded values come from the models' enums
(:meth:`kampungkb.models.LabelledEnum.label`), labels of indicators and measures from their
definitions (``label_id`` / ``label_en``); this module only routes to them.

Example:
    >>> text("col.achieved", "en")
    'Achieved'
    >>> level_name("regency", "id")
    'Kabupaten/Kota'
"""

from __future__ import annotations

from typing import Any, Literal, Protocol

__all__ = [
    "LANGS",
    "MARK_ACHIEVED",
    "MARK_FROM_REPORT",
    "MARK_NIL",
    "MARK_NOT_ACHIEVED",
    "MARK_NOT_AVAILABLE",
    "MARK_PARTIAL",
    "MARK_SMALL",
    "MARK_UNDETERMINED",
    "Lang",
    "change_rule_name",
    "check_lang",
    "direction_name",
    "enum_label",
    "flag_name",
    "group_name",
    "kind_name",
    "label_of",
    "level_name",
    "text",
    "unit_name",
    "yes_no",
]

#: Label language: Bahasa Indonesia or English.
Lang = Literal["id", "en"]

#: The languages every label exists in; the first is the default.
LANGS: tuple[Lang, ...] = ("id", "en")

#: Achieved / not achieved / undetermined (data missing) in scorecards.
MARK_ACHIEVED = "✓"
MARK_NOT_ACHIEVED = "✗"
MARK_UNDETERMINED = "?"
#: Nothing there (BPS convention "nihil"): e.g. no PATBM formed.
MARK_NIL = "–"
#: Data not available (BPS convention "data tidak tersedia"): never printed as 0.
MARK_NOT_AVAILABLE = "…"
#: Footnote markers on values.
MARK_SMALL = "*"
MARK_FROM_REPORT = "†"
MARK_PARTIAL = "‡"
#: Hidden for disclosure control (small numbers): the statistical-office convention "x".
MARK_SUPPRESSED = "x"

_TEXT: dict[str, tuple[str, str]] = {
    # column headings
    "col.indicator": ("Indikator", "Indicator"),
    "col.id": ("Kode indikator", "Indicator id"),
    "col.baseline": ("Awal", "Baseline"),
    "col.followup": ("Akhir", "Follow-up"),
    "col.change": ("Perubahan", "Change"),
    "col.target": ("Target", "Target"),
    "col.achieved": ("Tercapai", "Achieved"),
    "col.unit": ("Satuan", "Unit"),
    "col.flags": ("Catatan", "Notes"),
    "col.reason": ("Keterangan", "Explanation"),
    "col.rank": ("Peringkat", "Rank"),
    "col.code": ("Kode wilayah", "Region code"),
    "col.name": ("Nama", "Name"),
    "col.level": ("Tingkat", "Level"),
    "col.hierarchy": ("Hierarki wilayah", "Region hierarchy"),
    "col.region": ("Wilayah", "Region"),
    "col.main_achieved": ("Indikator utama tercapai", "Main indicators achieved"),
    "col.undetermined": ("Belum dapat dinilai", "Undetermined"),
    "col.sub_achieved": ("Sub-indikator tercapai", "Sub-indicators achieved"),
    "col.sub_evaluated": ("Sub-indikator dinilai", "Sub-indicators evaluated"),
    "col.villages": ("Desa", "Villages"),
    "col.villages_all": ("Desa mencapai semua", "Villages achieving all"),
    "col.mean_achieved": ("Rata-rata tercapai per desa", "Mean achieved per village"),
    "col.numerator": ("Pembilang", "Numerator"),
    "col.denominator": ("Penyebut", "Denominator"),
    "col.n_villages": ("Jumlah desa berdata", "Villages with data"),
    "col.villages_achieved": ("Desa tercapai", "Villages achieved"),
    "col.villages_evaluated": ("Desa dinilai", "Villages evaluated"),
    "col.parent": ("Induk", "Parent"),
    "col.group": ("Kerangka", "Frame"),
    "col.kind": ("Jenis", "Kind"),
    "col.decimals": ("Desimal", "Decimals"),
    "col.direction": ("Arah baik", "Better when"),
    "col.formula": ("Rumus", "Formula"),
    "col.change_rule": ("Aturan perubahan", "Change rule"),
    "col.rule": ("Aturan komposit", "Composite rule"),
    "col.min_denominator": ("Penyebut minimum", "Minimum denominator"),
    "col.source": ("Sumber", "Source"),
    "col.notes": ("Catatan", "Notes"),
    "col.version": ("Versi", "Version"),
    "col.set": ("Set indikator", "Indicator set"),
    "col.title": ("Judul", "Title"),
    "col.legal_basis": ("Dasar hukum", "Legal basis"),
    "col.plugin": ("Plugin", "Plugin"),
    "col.column": ("Kolom", "Column"),
    "col.type": ("Tipe", "Type"),
    "col.required": ("Wajib", "Required"),
    "col.codes": ("Kode yang sah", "Allowed codes"),
    "col.description": ("Keterangan", "Description"),
    "col.kind_plugin": ("Asal", "Origin"),
    "col.module": ("Modul", "Module"),
    "col.status": ("Status", "Status"),
    "col.hooks": ("Hook", "Hooks"),
    "col.format": ("Format", "Format"),
    "col.suffix": ("Akhiran berkas", "File suffix"),
    "col.measure": ("Ukuran", "Measure"),
    "col.table": ("Tabel", "Table"),
    "col.filter": ("Filter", "Filter"),
    "col.value": ("Nilai", "Value"),
    "col.period": ("Periode", "Period"),
    "col.key": ("Kunci", "Key"),
    # kampungkb schema TABLE: column markers and table kinds (models/_schema.py)
    "schema.personal": ("data pribadi", "personal"),
    "schema.derived": ("turunan", "derived"),
    "schema.kind.snapshot": ("keadaan per periode", "snapshot"),
    "schema.kind.event": ("peristiwa", "event"),
    "schema.kind.register": ("daftar", "register"),
    # report titles and metadata
    "report.title": ("Evaluasi {title}", "Evaluation: {title}"),
    "report.set": ("Set indikator", "Indicator set"),
    "report.periods": ("Periode", "Periods"),
    "report.periods_value": ("{baseline} (awal) → {followup} (akhir)",
                             "{baseline} (baseline) → {followup} (follow-up)"),
    "report.run_date": ("Tanggal proses", "Run date"),
    "report.source": ("Sumber data", "Data source"),
    "report.version": ("Versi kampungkb", "kampungkb version"),
    "report.legal_basis": ("Dasar hukum", "Legal basis"),
    "report.scorecard": ("Kartu nilai: {name}", "Scorecard: {name}"),
    "report.ranking": ("Peringkat {level} menurut indikator utama tercapai",
                       "{level} ranked by main indicators achieved"),
    "report.rollup": ("Rekapitulasi per kabupaten/kota", "Roll-up by regency/city"),
    "report.rollup_note": (
        "Sel: desa yang mencapai indikator / desa yang dapat dinilai.",
        "Cells: villages achieving the indicator / villages that could be evaluated.",
    ),
    "report.chart_pair": ("Nilai awal dan akhir per indikator: {name}",
                          "Baseline and follow-up per indicator: {name}"),
    "report.chart_villages": ("Indikator utama tercapai per desa",
                              "Main indicators achieved per village"),
    "report.chart_rollup": ("Persentase desa yang mencapai tiap indikator utama",
                            "Share of villages achieving each main indicator"),
    "report.catalogue": ("Katalog indikator", "Indicator catalogue"),
    "report.summary_sheet": ("Ringkasan", "Summary"),
    "report.ranking_sheet": ("Peringkat", "Ranking"),
    "report.legend": ("Keterangan", "Legend"),
    "report.generated_by": ("Dibuat dengan kampungkb {version}", "Made with kampungkb {version}"),
    "report.no_regions": ("Tidak ada wilayah pada tingkat ini.", "No region at this level."),
    "report.top_shown": ("{shown} dari {total} desa ditampilkan (peringkat teratas).",
                         "{shown} of {total} villages shown (top ranked)."),
    "report.components": ("{k} dari {n} komponen tercapai", "{k} of {n} components achieved"),
    "report.share_of_villages": ("Di atas tingkat desa, indikator keberadaan adalah persentase "
                                 "desa yang memilikinya.",
                                 "Above village level, a presence indicator is the share of "
                                 "villages that have it."),
    # report columns, axes and notes added with the readable charts (#13)
    "col.lower": ("{what}: batas bawah {pct} %", "{what}: lower {pct} % limit"),
    "col.upper": ("{what}: batas atas {pct} %", "{what}: upper {pct} % limit"),
    "col.change_verdict": ("Simpulan perubahan", "Change verdict"),
    "verdict.rise": ("naik", "rise"),
    "verdict.fall": ("turun", "fall"),
    "verdict.no_change": ("tidak berubah", "no change"),
    "legend.verdict": ("Simpulan perubahan: naik/turun bila selang kepercayaan {pct} % dari "
                       "perubahan (Newcombe) tidak memuat 0; selain itu tidak berubah.",
                       "Change verdict: rise/fall when the {pct} % confidence interval of the "
                       "change (Newcombe) excludes 0; otherwise no change."),
    "chart.axis_percent": ("Persen (%)", "Percent (%)"),
    "chart.axis_count": ("Jumlah ({unit})", "Number ({unit})"),
    "chart.axis_presence": ("Keberadaan (0 = belum, 1 = ada)",
                            "Presence (0 = not yet, 1 = present)"),
    "chart.axis_main": ("Indikator utama tercapai", "Main indicators achieved"),
    "chart.axis_main_numbers": ("Indikator utama (nomor)", "Main indicator (number)"),
    "chart.target": ("Target", "Target"),
    "report.full_list_excel": ("Daftar lengkap ada di laporan Excel (lembar Peringkat).",
                               "The full list is in the Excel report (Ranking sheet)."),
    # legend entries
    "legend.achieved": ("tercapai", "achieved"),
    "legend.not_achieved": ("belum tercapai", "not achieved"),
    "legend.undetermined": ("belum dapat dinilai (data tidak lengkap)",
                            "undetermined (data incomplete)"),
    "legend.nil": ("nihil / belum terbentuk", "none / not formed"),
    "legend.not_available": ("data tidak tersedia", "data not available"),
    "funnel.higher_0.001": ("di atas provinsi (99,8 %)", "above the province (99.8 %)"),
    "funnel.higher_0.025": ("di atas provinsi (95 %)", "above the province (95 %)"),
    "funnel.not_significant": ("setara provinsi", "in line with the province"),
    "funnel.lower_0.025": ("di bawah provinsi (95 %)", "below the province (95 %)"),
    "funnel.lower_0.001": ("di bawah provinsi (99,8 %)", "below the province (99.8 %)"),
    "col.funnel": ("Dibanding provinsi (plot corong)", "Against the province (funnel plot)"),
    "col.funnel_marks": ("▲▼ provinsi", "▲▼ province"),
    "report.funnels": ("Plot corong: desa dibanding provinsinya",
                       "Funnel plots: villages against their province"),
    "report.funnels_note": (
        "Setiap titik adalah desa; garis putus-putus batas kendali 95 %, garis titik-titik "
        "99,8 % di sekitar nilai provinsi (garis biru). Desa di antara batas 95 % tidak berbeda "
        "bermakna dari provinsi; peringkat berdasarkan nilai saja tidak didukung data. Pada "
        "peringkat, ▲n / ▼n = banyaknya indikator rasio yang bermakna di atas / di bawah "
        "provinsi.",
        "Each dot is a village; dashed lines are the 95 % control limits, dotted the 99.8 % "
        "limits, around the province's value (blue line). Villages between the 95 % limits do "
        "not differ significantly from the province; ranking them on the value alone is not "
        "supported by the data. In the ranking, ▲n / ▼n = how many ratio indicators are "
        "significantly above / below the province."),
    "legend.suppressed": ("disembunyikan: jumlah orang kecil (perlindungan data pribadi)",
                          "hidden: small numbers of people (disclosure control)"),
    "legend.small": ("penyebut di bawah {n}", "denominator under {n}"),
    "legend.small_varied": ("penyebut di bawah minimum indikator",
                            "denominator under the indicator's minimum"),
    "legend.from_report": ("dari laporan bulanan (bukan data mikro)",
                           "from monthly reports (not microdata)"),
    "legend.partial": ("tidak semua desa memiliki data", "not every village has data"),
    "legend.change_pp": ("Perubahan persentase dalam poin persen.",
                         "Changes of percentages are in percentage points."),
    # values
    "value.formed": ("terbentuk", "formed"),
    "value.present": ("ada", "present"),
    "value.of_villages": ("desa", "of villages"),
    "value.yes": ("ya", "yes"),
    "value.no": ("tidak", "no"),
    "value.missing": ("tidak ada data", "missing"),
    "value.achieved": ("tercapai", "achieved"),
    "value.not_achieved": ("belum tercapai", "not achieved"),
    "value.undetermined": ("belum dapat dinilai", "undetermined"),
    "value.not_evaluated": ("tidak dinilai", "not evaluated"),
    "value.all_villages": ("100 % desa", "100 % of villages"),
    "rule.composite": ("semua {n_all} + ≥ {k} dari {n_of}", "all {n_all} + ≥ {k} of {n_of}"),
    "rule.composite_all": ("semua {n_all} komponen", "all {n_all} components"),
    "rule.composite_of": ("≥ {k} dari {n_of} komponen", "≥ {k} of {n_of} components"),
    "formula.count_rows": ("jumlah baris {table}", "number of {table} rows"),
    "formula.sum": ("jumlah {column} pada {table}", "sum of {column} over {table}"),
    "formula.count_distinct": ("jumlah {column} berbeda pada {table}",
                               "distinct {column} in {table}"),
    "formula.where": ("dengan {filter}", "where {filter}"),
    "formula.latest": ("(data terakhir per {column})", "(latest row per {column})"),
    "formula.latest_among": ("(data terakhir per {column} di antara baris dengan {among})",
                             "(latest row per {column} among rows where {among})"),
    "formula.report": ("atau laporan bulanan: {report}", "or monthly reports: {report}"),
    # command-line messages
    "cli.error": ("galat: {message}", "error: {message}"),
    "cli.verbose_hint": ("(jalankan dengan --verbose untuk rincian)",
                         "(run with --verbose for details)"),
    "cli.written": ("laporan ditulis ke {path}", "report written to {path}"),
    "cli.work_kept": ("baris yang lolos validasi disimpan sebagai Parquet di {path}",
                      "validated rows kept as Parquet in {path}"),
    "cli.binary_needs_out": ("format {fmt} menghasilkan berkas biner; gunakan --out BERKAS",
                             "format {fmt} is binary; give --out FILE"),
    "cli.unknown_format": ("format laporan tidak dikenal {fmt!r}; tersedia: {known}",
                           "unknown report format {fmt!r}; available: {known}"),
    "cli.unknown_region": ("wilayah {code!r} tidak ada dalam hasil evaluasi",
                           "region {code!r} is not in the evaluation's results"),
    "cli.unknown_table": ("tabel kanonik tidak dikenal {name!r}; tersedia: {known}",
                          "unknown canonical table {name!r}; available: {known}"),
    "cli.path_missing": ("berkas atau folder tidak ditemukan: {path}",
                         "file or folder not found: {path}"),
    "cli.rejected": ("{table}: {rejected} dari {total} baris ditolak (karantina)",
                     "{table}: {rejected} of {total} rows rejected (quarantined)"),
    "cli.validation_ok": ("validasi selesai: tidak ada masalah", "validation passed: no problem"),
    "cli.validation_problems": ("validasi menemukan masalah", "validation found problems"),
    "cli.report_saved": ("laporan validasi ditulis ke {path}",
                         "validation report written to {path}"),
    "cli.demo_seed": ("Desa contoh (tabel evaluasi CIKAR yang dipublikasikan)",
                      "Seed village (the published CIKAR evaluation table)"),
    "cli.no_sets": ("tidak ada set indikator terdaftar", "no indicator set is registered"),
    "cli.no_plugins": ("tidak ada plugin", "no plugin"),
    "cli.report_formats": ("Format laporan", "Report formats"),
    "cli.readers": ("Pembaca berkas", "File readers"),
    "cli.io_unavailable": ("modul kampungkb.io belum tersedia: {message}",
                           "kampungkb.io is not available: {message}"),
    "cli.no_data": ("peringatan: {message}", "warning: {message}"),
    "cli.out_mismatch": ("--out {path} berakhiran {suffix} (format {inferred}), tetapi --format "
                         "{fmt} diminta; samakan keduanya",
                         "--out {path} ends in {suffix} (format {inferred}) but --format {fmt} "
                         "was asked for; make them agree"),
    "cli.out_unknown_suffix": ("--out {path}: tidak ada format laporan berakhiran {suffix}; "
                               "akhiran yang dikenal: {known} (atau pilih dengan --format)",
                               "--out {path}: no report format ends in {suffix}; known "
                               "suffixes: {known} (or choose one with --format)"),
    "cli.binary_to_terminal": ("format {fmt} menghasilkan berkas biner dan tidak ditulis ke "
                               "terminal; gunakan -o BERKAS{suffix} atau alihkan keluaran "
                               "(> BERKAS{suffix})",
                               "format {fmt} is binary and is not written to a terminal; give "
                               "-o FILE{suffix} or redirect the output (> FILE{suffix})"),
    "cli.export_format": ("format ekspor tidak dikenal {fmt!r}; tersedia: {known}",
                          "unknown export format {fmt!r}; available: {known}"),
    "cli.exported": ("{n} tabel data contoh ditulis ke {path} ({fmt})",
                     "{n} demo tables written to {path} ({fmt})"),
    "cli.bad_region": ("kode wilayah {code!r} tidak sah: tulis PP, PP.KK, PP.KK.CC atau "
                       "PP.KK.CC.DDDD (mis. 19.01.01.2091)",
                       "region code {code!r} is malformed: write PP, PP.KK, PP.KK.CC or "
                       "PP.KK.CC.DDDD (e.g. 19.01.01.2091)"),
    "cli.report_out_suffix": ("--report-out harus berakhiran .csv atau .json, bukan {name!r}",
                              "--report-out must end in .csv or .json, not {name!r}"),
    "cli.no_tables": ("{path}: tidak ada tabel kanonik yang dapat dibaca",
                      "{path}: no canonical table could be read"),
    "nodata.period": ("tidak ada data untuk periode {asked}; data memuat periode: {known}",
                      "no data for the period {asked}; the data holds the periods: {known}"),
    "nodata.classify_period": (
        "tidak ada data profil Kampung KB untuk periode {asked}, jadi setiap desa akan "
        "tampak 'Dasar'; periode yang ada: {known}",
        "no Kampung KB profile data for the period {asked}, so every village would look "
        "'Dasar'; periods with data: {known}"),
    "nodata.region": ("wilayah {asked!r} tidak ada dalam hasil; yang ada, mis.: {known}",
                      "region {asked!r} is not in the results; there are e.g.: {known}"),
    "nodata.indicator": ("indikator {asked!r} tidak ada dalam hasil; yang ada: {known}",
                         "indicator {asked!r} is not in the results; there are: {known}"),
    "nodata.result_period": ("periode {asked!r} tidak ada dalam hasil; yang ada: {known}",
                             "period {asked!r} is not in the results; there are: {known}"),
    "nodata.level": ("tingkat {asked!r} tidak ada dalam hasil; yang ada: {known}",
                     "level {asked!r} is not in the results; there are: {known}"),
    "nodata.category": ("kategori {asked!r} tidak ada untuk indikator {indicator!r}; yang ada: "
                        "{known}",
                        "category {asked!r} does not exist for indicator {indicator!r}; there "
                        "are: {known}"),
    "progress.reading": ("membaca data", "reading data"),
    "progress.validating": ("memvalidasi", "validating"),
    "progress.computing": ("menghitung indikator", "computing indicators"),
    "progress.rendering": ("menyusun laporan", "rendering the report"),
    "progress.generating": ("membangkitkan data contoh", "generating demo data"),
    # worksheet names (Excel forbids / \\ ? * [ ] : and allows 31 characters)
    "sheet.village": ("Desa", "Villages"),
    "sheet.district": ("Kecamatan", "Districts"),
    "sheet.regency": ("Kabupaten-Kota", "Regencies-cities"),
    "sheet.province": ("Provinsi", "Province"),
}

_LEVELS: dict[str, tuple[str, str, str, str]] = {
    # singular id, singular en, plural id, plural en
    "village": ("Desa/Kelurahan", "Village", "Desa/kelurahan", "Villages"),
    "district": ("Kecamatan", "District", "Kecamatan", "Districts"),
    "regency": ("Kabupaten/Kota", "Regency/city", "Kabupaten/kota", "Regencies/cities"),
    "province": ("Provinsi", "Province", "Provinsi", "Provinces"),
}

_GROUPS: dict[str, tuple[str, str]] = {
    "input": ("Masukan", "Input"),
    "process": ("Proses", "Process"),
    "output": ("Keluaran", "Output"),
    "outcome": ("Dampak", "Outcome"),
}

_KINDS: dict[str, tuple[str, str]] = {
    "ratio": ("rasio", "ratio"),
    "count": ("jumlah", "count"),
    "presence": ("keberadaan", "presence"),
    "composite": ("komposit", "composite"),
}

_CHANGES: dict[str, tuple[str, str]] = {
    "rise": ("naik", "rise"),
    "fall": ("turun", "fall"),
    "not_rise": ("tidak naik", "not rise"),
    "not_fall": ("tidak turun", "not fall"),
}

_DIRECTIONS: dict[str, tuple[str, str]] = {
    "higher": ("lebih tinggi", "higher"),
    "lower": ("lebih rendah", "lower"),
}

_FLAGS: dict[str, tuple[str, str]] = {
    "missing": ("tidak ada data", "missing"),
    "zero_denominator": ("penyebut nol", "zero denominator"),
    "small_denominator": ("penyebut kecil", "small denominator"),
    "from_report": ("dari laporan bulanan", "from monthly reports"),
    "partial_coverage": ("cakupan desa tidak lengkap", "partial village coverage"),
    "non_finite": ("nilai tak hingga atau bukan angka", "infinite or not a number"),
    "suppressed_small_count": ("disembunyikan: jumlah orang kecil",
                               "hidden: small count of people"),
    "suppressed_secondary": ("disembunyikan agar sel kecil lain tidak dapat dihitung",
                             "hidden so that another small cell cannot be worked out"),
    "share_of_villages": ("persentase desa", "share of villages"),
}

#: Units written in definitions (Indonesian) and their English names.
_UNITS: dict[str, tuple[str, str]] = {
    "%": ("%", "%"),
    "orang": ("orang", "people"),
    "kk": ("KK", "families"),
    "keluarga": ("keluarga", "families"),
    "kelompok": ("kelompok", "groups"),
    "kegiatan": ("kegiatan", "activities"),
    "anak": ("anak", "children"),
    "kasus": ("kasus", "cases"),
    "sumber": ("sumber", "sources"),
    "desa": ("desa", "villages"),
}


def check_lang(lang: str) -> Lang:
    """Return ``lang`` as a :data:`Lang`.

    Raises:
        ValueError: another language (shown only as :func:`kampungkb._safe.safe_value`
            allows).  The library's public entry points raise the catalogue's keyed
            ``DatasetError`` instead (``kampungkb.errors.check_language``); this module sits
            below the errors and cannot.
    """
    if lang == "id":
        return "id"
    if lang == "en":
        return "en"
    from kampungkb._safe import safe_value  # noqa: PLC0415 - the error path only

    raise ValueError(f"unknown label language {safe_value(str(lang))!r}; use 'id' or 'en'")


def _pick(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "id" else pair[1]


def text(key: str, lang: Lang = "id", **fields: Any) -> str:
    """The label or message ``key`` in ``lang``, with ``{fields}`` filled in.

    Keys are looked up among the labels here, then among the errors' and warnings' messages
    (:mod:`kampungkb._catalogue`).

    Raises:
        KeyError: ``key`` is not a known label (a bug in the caller).
    """
    pair = _TEXT.get(key)
    if pair is None:
        from kampungkb._catalogue import messages  # noqa: PLC0415 - errors' messages, on first use

        pair = messages()[key]
    template = _pick(pair, lang)
    return template.format(**fields) if fields else template


def level_name(level: str, lang: Lang = "id", *, plural: bool = False) -> str:
    """Name of a region level (``village``, ``district``, ``regency``, ``province``)."""
    entry = _LEVELS.get(level)
    if entry is None:
        return level
    if plural:
        return entry[2] if lang == "id" else entry[3]
    return entry[0] if lang == "id" else entry[1]


def group_name(group: str, lang: Lang = "id") -> str:
    """Name of an evaluation-frame group (input, process, output, outcome)."""
    return _pick(_GROUPS[group], lang) if group in _GROUPS else group


def kind_name(kind: str, lang: Lang = "id") -> str:
    """Name of an indicator kind (ratio, count, presence, composite)."""
    return _pick(_KINDS[kind], lang) if kind in _KINDS else kind


def change_rule_name(rule: str, lang: Lang = "id") -> str:
    """A change rule (rise, fall, not_rise, not_fall) in words."""
    return _pick(_CHANGES[rule], lang) if rule in _CHANGES else rule


def direction_name(direction: str, lang: Lang = "id") -> str:
    """Which way is better (higher / lower)."""
    return _pick(_DIRECTIONS[direction], lang) if direction in _DIRECTIONS else direction


def flag_name(flag: str, lang: Lang = "id") -> str:
    """A result flag (missing, small_denominator …) in words."""
    return _pick(_FLAGS[flag], lang) if flag in _FLAGS else flag


def unit_name(unit: str, lang: Lang = "id") -> str:
    """A unit written in a definition (``orang``, ``kelompok`` …) in ``lang``."""
    entry = _UNITS.get(unit.lower())
    return _pick(entry, lang) if entry else unit


def yes_no(value: bool | None, lang: Lang = "id") -> str:
    """``ya``/``tidak`` (``yes``/``no``); ``None`` gives the not-available marker."""
    if value is None:
        return MARK_NOT_AVAILABLE
    return text("value.yes" if value else "value.no", lang)


class _Labelled(Protocol):
    @property
    def label_id(self) -> str: ...

    @property
    def label_en(self) -> str: ...


def label_of(item: _Labelled, lang: Lang = "id") -> str:
    """The label of a definition (indicator, measure, column) in ``lang``."""
    return item.label_id if lang == "id" else item.label_en


def enum_label(enum_cls: Any, code: str, lang: Lang = "id") -> str:
    """Label of ``code`` in a :class:`~kampungkb.models.LabelledEnum` (the code if unknown)."""
    try:
        member = enum_cls(code)
    except ValueError:
        return code
    label = member.label(lang)
    return str(label)
