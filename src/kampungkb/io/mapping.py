"""Column mapping: from a source's headers and codes to canonical columns and codes.

A mapping is a small TOML file (or the same structure as a ``dict``)::

    table = "persons"                 # optional: which canonical table the source holds

    [read]                            # optional reader options
    sheet = "Data Penduduk"
    encoding = "cp1252"

    [columns]                         # source header = canonical column
    "NIK" = "nik"
    "Tgl Lahir" = "birth_date"
    "Alat Kontrasepsi" = "contraceptive_method"

    [values.contraceptive_method]     # source value = canonical code
    "Susuk" = "implant"

A plain ``{"header": "column"}`` dict is read as the ``[columns]`` table.  Headers not named in
the mapping are matched (case and punctuation ignored) against the canonical column names, their
Indonesian and English labels and common Indonesian export headers (``Jenis Kelamin``,
``Tgl Lahir``, ``Status Kawin``, ``Punya Akta`` …).  Coded values are matched, after lowercasing
and turning spaces and dashes into ``_``, against the codes, their labels and common synonyms
(``L/P``, ``Laki-laki/Perempuan``, ``1/2`` → sex; ``Ya/Tidak`` → yes/no; ``Suntik`` →
``injectable`` …).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import attrs

from kampungkb.errors import ReaderError
from kampungkb.io._schemas import normalise_name

__all__ = ["ColumnMapping", "load_mapping"]

_SECTIONS = {"table", "columns", "values", "sheets", "read"}
_READ_OPTIONS = {"sheet", "encoding", "delimiter", "decimal", "header_row", "date_format"}


def _str_dict(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise ReaderError.of("io.mapping_not_text_table", section=where)
    out: dict[str, str] = {}
    for k, v in value.items():
        if isinstance(v, bool):  # `Ya = true` in TOML means the code "true"
            out[str(k)] = "true" if v else "false"
            continue
        if not isinstance(v, str | int | float):
            raise ReaderError.of("io.mapping_bad_value", section=where, name=k)
        out[str(k)] = str(v)
    return out


@attrs.frozen
class ColumnMapping:
    """How one source's headers and codes become canonical columns and codes.

    Attributes:
        columns: ``{source header: canonical column}``.
        values: ``{canonical column: {source value: canonical code}}``.
        table: canonical table the source holds (for every sheet unless ``sheets`` says).
        sheets: ``{sheet name: canonical table}`` for workbooks with several sheets.
        read: reader options (``sheet``, ``encoding``, ``delimiter``, ``decimal``,
            ``header_row``, ``date_format``).
    """

    columns: dict[str, str] = attrs.field(factory=dict)
    values: dict[str, dict[str, str]] = attrs.field(factory=dict)
    table: str | None = None
    sheets: dict[str, str] = attrs.field(factory=dict)
    read: dict[str, Any] = attrs.field(factory=dict)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMapping:
        """Build from the TOML structure, or from a plain ``{header: column}`` dict."""
        if not set(data) & _SECTIONS:
            return cls(columns=_str_dict(data, "columns"))
        unknown = set(data) - _SECTIONS
        if unknown:
            raise ReaderError.of(
                "io.mapping_unknown_sections",
                unknown=sorted(unknown),
                expected=sorted(_SECTIONS),
            )
        values_raw = data.get("values", {})
        if not isinstance(values_raw, Mapping):
            raise ReaderError.of("io.mapping_values_not_tables")
        read = dict(data.get("read", {}))
        bad = set(read) - _READ_OPTIONS
        if bad:
            raise ReaderError.of("io.mapping_unknown_read_options", options=sorted(bad))
        table = data.get("table")
        if table is not None and not isinstance(table, str):
            raise ReaderError.of("io.mapping_table_not_name")
        return cls(
            columns=_str_dict(data.get("columns", {}), "columns"),
            values={str(k): _str_dict(v, f"values.{k}") for k, v in values_raw.items()},
            table=table,
            sheets=_str_dict(data.get("sheets", {}), "sheets"),
            read=read,
        )

    def header_lookup(self) -> dict[str, str]:
        """``{normalised source header: canonical column}``."""
        return {normalise_name(k): v for k, v in self.columns.items()}


def load_mapping(mapping: ColumnMapping | Mapping[str, Any] | str | Path | None) -> ColumnMapping:
    """A :class:`ColumnMapping` from a mapping, a dict, or the path of a TOML file."""
    if mapping is None:
        return ColumnMapping()
    if isinstance(mapping, ColumnMapping):
        return mapping
    if isinstance(mapping, str | Path):
        path = Path(mapping)
        try:
            with path.open("rb") as fh:
                data = tomllib.load(fh)
        except FileNotFoundError:
            raise ReaderError.of("io.mapping_not_found", file=path.name) from None
        except tomllib.TOMLDecodeError as exc:
            raise ReaderError.of("io.mapping_not_toml", file=path.name, reason=str(exc)) from None
        return ColumnMapping.from_dict(data)
    return ColumnMapping.from_dict(mapping)


#: Common headers of Indonesian exports (normalised) → canonical column.
HEADER_SYNONYMS: dict[str, str] = {
    "nik": "nik",
    "no_nik": "nik",
    "nomor_induk_kependudukan": "nik",
    "no_kk": "kk_number",
    "nomor_kk": "kk_number",
    "no_kartu_keluarga": "kk_number",
    "nomor_kartu_keluarga": "kk_number",
    "nama": "name",
    "nama_lengkap": "name",
    "nama_anggota_keluarga": "name",
    "nama_kepala_keluarga": "head_name",
    "jenis_kelamin": "sex",
    "jk": "sex",
    "l_p": "sex",
    "tgl_lahir": "birth_date",
    "tanggal_lahir": "birth_date",
    "tgl_lhr": "birth_date",
    "status_kawin": "marital_status",
    "status_perkawinan": "marital_status",
    "usia_kawin_pertama": "age_first_marriage",
    "umur_kawin_pertama": "age_first_marriage",
    "alat_kontrasepsi": "contraceptive_method",
    "metode_kontrasepsi": "contraceptive_method",
    "metode_kb": "contraceptive_method",
    "alat_kb": "contraceptive_method",
    "mulai_kb": "contraception_start",
    "tgl_mulai_kb": "contraception_start",
    "hamil": "pregnant",
    "sedang_hamil": "pregnant",
    "keinginan_punya_anak": "fertility_intention",
    "punya_akta": "has_birth_certificate",
    "akta_kelahiran": "has_birth_certificate",
    "punya_akta_kelahiran": "has_birth_certificate",
    "memiliki_akta_kelahiran": "has_birth_certificate",
    "punya_jkn": "has_jkn",
    "jkn": "has_jkn",
    "bpjs": "has_jkn",
    "hubungan_keluarga": "relation",
    "hubungan_dengan_kk": "relation",
    "hubungan_dengan_kepala_keluarga": "relation",
    "kode_desa": "village_code",
    "kode_kelurahan": "village_code",
    "kode_desa_kelurahan": "village_code",
    "kode_wilayah": "village_code",
    "periode": "period",
    "tahapan_ks": "welfare_stage",
    "tahapan_keluarga_sejahtera": "welfare_stage",
    "id_keluarga": "family_id",
    "id_penduduk": "person_id",
    "id_anggota": "person_id",
}

_SEX = {
    "l": "m", "lk": "m", "laki": "m", "laki_laki": "m", "pria": "m", "male": "m", "1": "m",
    "p": "f", "pr": "f", "perempuan": "f", "wanita": "f", "female": "f", "w": "f", "2": "f",
}  # fmt: skip

#: Value synonyms by the set of codes a column allows (normalised source value → code).
VALUE_SYNONYMS: dict[frozenset[str], dict[str, str]] = {
    frozenset({"m", "f"}): _SEX,
    frozenset({"never_married", "married", "divorced", "widowed"}): {
        "belum_kawin": "never_married", "kawin": "married", "cerai_hidup": "divorced",
        "cerai_mati": "widowed", "janda_duda": "divorced", "1": "never_married",
        "2": "married", "3": "divorced", "4": "widowed",
        # SIAK / Dukcapil spellings (status perkawinan, also with "tercatat")
        "blm_kawin": "never_married", "bk": "never_married", "lajang": "never_married",
        "tidak_kawin": "never_married", "kawin_tercatat": "married",
        "kawin_belum_tercatat": "married", "kawin_tidak_tercatat": "married",
        "menikah": "married", "sudah_kawin": "married", "k": "married",
        "cerai_hidup_tercatat": "divorced", "cerai_hidup_belum_tercatat": "divorced",
        "cerai_hidup_tidak_tercatat": "divorced", "cerai": "divorced", "ch": "divorced",
        "cerai_mati_tercatat": "widowed", "cerai_mati_belum_tercatat": "widowed",
        "cerai_mati_tidak_tercatat": "widowed", "janda_mati": "widowed",
        "duda_mati": "widowed", "cm": "widowed",
    },
    frozenset(
        {"iud", "mow", "mop", "condom", "implant", "injectable", "pill", "lam", "traditional"}
    ): {
        "akdr": "iud", "spiral": "iud", "tubektomi": "mow", "vasektomi": "mop",
        "kondom": "condom", "implan": "implant", "susuk": "implant", "suntik": "injectable",
        "suntikan": "injectable", "pil": "pill", "mal": "lam", "tradisional": "traditional",
        # SIAK / BKKBN (Pendataan Keluarga) spellings of the methods
        "pil_kb": "pill", "kb_pil": "pill", "suntik_kb": "injectable", "kb_suntik": "injectable",
        "suntik_1_bulan": "injectable", "suntik_3_bulan": "injectable",
        "implan_kb": "implant", "kb_implan": "implant", "susuk_kb": "implant",
        "iud_akdr": "iud", "akdr_iud": "iud", "iud_spiral": "iud",
        "kondom_pria": "condom", "kb_kondom": "condom",
        "mow_tubektomi": "mow", "tubektomi_mow": "mow", "steril_wanita": "mow",
        "sterilisasi_wanita": "mow", "metode_operasi_wanita": "mow",
        "mop_vasektomi": "mop", "vasektomi_mop": "mop", "steril_pria": "mop",
        "sterilisasi_pria": "mop", "metode_operasi_pria": "mop",
        "metode_amenore_laktasi": "lam", "kb_alami": "traditional",
        "sanggama_terputus": "traditional", "pantang_berkala": "traditional",
        "kalender": "traditional",
    },
    frozenset({"want_soon", "later", "no_more", "undecided"}): {
        "ingin_anak_segera": "want_soon", "segera": "want_soon", "ias": "want_soon",
        "ingin_anak_ditunda": "later", "iat": "later", "ditunda": "later",
        "tidak_ingin_anak_lagi": "no_more", "tial": "no_more", "belum_memutuskan": "undecided",
    },
    frozenset({"pra_sejahtera", "ks1", "ks2", "ks3", "ks3_plus"}): {
        "pra_ks": "pra_sejahtera", "ks_i": "ks1", "ks_ii": "ks2", "ks_iii": "ks3",
        "ks_iii_plus": "ks3_plus", "ks_1": "ks1", "ks_2": "ks2", "ks_3": "ks3",
        "ks_3_plus": "ks3_plus",
    },
    frozenset(
        {"head", "spouse", "child", "child_in_law", "grandchild", "parent", "parent_in_law",
         "other_relative", "other"}
    ): {
        "kepala_keluarga": "head", "kk": "head", "istri": "spouse", "suami": "spouse",
        "anak": "child", "menantu": "child_in_law", "cucu": "grandchild",
        "orang_tua": "parent", "mertua": "parent_in_law", "famili_lain": "other_relative",
        "lainnya": "other",
        # SIAK / Dukcapil SHDK (status hubungan dalam keluarga), names and codes 1-11
        "kepala": "head", "suami_istri": "spouse", "isteri": "spouse", "anak_kandung": "child",
        "anak_tiri": "child", "anak_angkat": "child", "famili": "other_relative",
        "pembantu": "other", "lain_lain": "other", "lainya": "other",
        "1": "head", "2": "spouse", "3": "spouse", "4": "child", "5": "child_in_law",
        "6": "grandchild", "7": "parent", "8": "parent_in_law", "9": "other_relative",
        "10": "other", "11": "other",
    },
}  # fmt: skip

#: Yes/no synonyms (normalised) for BOOLEAN columns.
TRUE_VALUES: frozenset[str] = frozenset(
    {"true", "ya", "y", "yes", "1", "ada", "punya", "memiliki", "sudah", "benar", "iya"}
)
FALSE_VALUES: frozenset[str] = frozenset(
    {"false", "tidak", "tdk", "no", "n", "0", "tidak_ada", "belum", "tidak_punya", "salah",
     "belum_punya", "tidak_memiliki"}
)  # fmt: skip


def _enum_labels(codes: frozenset[str]) -> dict[str, str]:
    """Labels (id and en) of the models' enum whose codes are ``codes``, normalised."""
    try:
        from kampungkb.models import _enums  # noqa: PLC0415 - optional, models may be absent
    except ImportError:  # pragma: no cover
        return {}
    out: dict[str, str] = {}
    for obj in vars(_enums).values():
        if (
            isinstance(obj, type)
            and issubclass(obj, _enums.LabelledEnum)
            and obj is not _enums.LabelledEnum
            and frozenset(obj.codes()) == codes
        ):
            for member in obj:
                for lang in ("id", "en"):
                    out.setdefault(normalise_name(member.label(lang)), member.code)
    return out


def value_lookup(codes: tuple[str, ...], extra: Mapping[str, str] | None) -> dict[str, str]:
    """``{normalised source value: code}`` for a column allowing ``codes``.

    The mapping's own values (``extra``) win over the built-in synonyms and the labels.
    """
    key = frozenset(codes)
    out = dict(_enum_labels(key))
    out.update(VALUE_SYNONYMS.get(key, {}))
    out.update({code: code for code in codes})
    if extra:
        out.update({normalise_name(k): v for k, v in extra.items()})
    return {k: v for k, v in out.items() if k}
