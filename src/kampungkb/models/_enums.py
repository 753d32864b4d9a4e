"""Coded values with bilingual labels.

Every coded column of a canonical table is a :class:`LabelledEnum`: the *value* of a member is
its lowercase ASCII code (what files, tables and definitions use) and :meth:`LabelledEnum.label`
gives the human label in Bahasa Indonesia (``"id"``) or English (``"en"``).
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, Self

from kampungkb.errors import check_language

__all__ = [
    "MALE_METHODS",
    "MKJP_METHODS",
    "MODERN_METHODS",
    "ContraceptiveMethod",
    "DataSource",
    "FamilyFunction",
    "FertilityIntention",
    "Frequency",
    "FundingSource",
    "IndustryLevel",
    "LabelledEnum",
    "Lang",
    "LastMenses",
    "MaritalStatus",
    "MeasurementPosition",
    "PoktanKind",
    "Programme",
    "Relation",
    "Scope",
    "Sector",
    "Sex",
    "TargetGroup",
    "VillageCriterion",
    "ViolenceType",
    "Wantedness",
    "WelfareStage",
    "enum_labels",
]

#: Label language: Bahasa Indonesia or English.
Lang = Literal["id", "en"]


class LabelledEnum(StrEnum):
    """A coded value with a label in Bahasa Indonesia and in English.

    A ``str`` enum (:class:`enum.StrEnum`, i.e. ``str`` + ``Enum``).  Members are declared as
    ``code = ("code", "label id", "label en")``; the member's value is the code, so
    ``Sex("m") is Sex.m``, ``Sex.m == "m"`` and ``str(Sex.m) == "m"``.

    Example:
        >>> Sex.f.label()
        'Perempuan'
        >>> Sex.f.label("en")
        'Female'
    """

    _value_: str
    _label_id: str
    _label_en: str

    def __new__(cls, code: str, label_id: str = "", label_en: str = "") -> Self:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj._label_id = label_id or code
        obj._label_en = label_en or code
        return obj

    @property
    def code(self) -> str:
        """The lowercase ASCII code stored in tables."""
        return self._value_

    def label(self, lang: Lang = "id") -> str:
        """The label in Bahasa Indonesia (``"id"``, default) or English (``"en"``)."""
        if lang == "id":
            return self._label_id
        if lang == "en":
            return self._label_en
        check_language(lang)  # another language: its keyed error, in both languages
        raise AssertionError  # pragma: no cover - check_lang raised

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        """All codes, in declaration order."""
        return tuple(m._value_ for m in cls)


def enum_labels(enum_cls: type[LabelledEnum], lang: Lang = "id") -> dict[str, str]:
    """Map every code of ``enum_cls`` to its label in ``lang``, in declaration order.

    Example:
        >>> enum_labels(Sex, "en")
        {'m': 'Male', 'f': 'Female'}
    """
    return {m.code: m.label(lang) for m in enum_cls}


# --- people -------------------------------------------------------------------------------


class Sex(LabelledEnum):
    """Sex (jenis kelamin)."""

    m = ("m", "Laki-laki", "Male")
    f = ("f", "Perempuan", "Female")


class Relation(LabelledEnum):
    """Relation to the head of the family (hubungan dengan kepala keluarga)."""

    head = ("head", "Kepala keluarga", "Head of family")
    spouse = ("spouse", "Istri/suami", "Spouse")
    child = ("child", "Anak", "Child")
    child_in_law = ("child_in_law", "Menantu", "Child-in-law")
    grandchild = ("grandchild", "Cucu", "Grandchild")
    parent = ("parent", "Orang tua", "Parent")
    parent_in_law = ("parent_in_law", "Mertua", "Parent-in-law")
    other_relative = ("other_relative", "Famili lain", "Other relative")
    other = ("other", "Lainnya", "Other")


class MaritalStatus(LabelledEnum):
    """Marital status (status perkawinan)."""

    never_married = ("never_married", "Belum kawin", "Never married")
    married = ("married", "Kawin", "Married")
    divorced = ("divorced", "Cerai hidup", "Divorced")
    widowed = ("widowed", "Cerai mati", "Widowed")


class ContraceptiveMethod(LabelledEnum):
    """Contraceptive method in current use (metode kontrasepsi); null means not using."""

    iud = ("iud", "IUD/AKDR", "IUD")
    mow = ("mow", "MOW (tubektomi)", "Tubectomy (female sterilisation)")
    mop = ("mop", "MOP (vasektomi)", "Vasectomy (male sterilisation)")
    condom = ("condom", "Kondom", "Condom")
    implant = ("implant", "Implan", "Implant")
    injectable = ("injectable", "Suntik", "Injectable")
    pill = ("pill", "Pil", "Pill")
    lam = ("lam", "MAL (metode amenore laktasi)", "LAM (lactational amenorrhoea)")
    traditional = ("traditional", "Tradisional", "Traditional method")


class FertilityIntention(LabelledEnum):
    """Fertility intention (keinginan punya anak)."""

    want_soon = ("want_soon", "Ingin anak segera", "Wants a child soon")
    later = ("later", "Ingin anak ditunda (IAT)", "Wants a child later (IAT)")
    no_more = ("no_more", "Tidak ingin anak lagi (TIAL)", "Wants no more children (TIAL)")
    undecided = ("undecided", "Belum memutuskan", "Undecided")


#: Modern methods (mCPR): sterilisation, IUD, implant, injectable, pill, condom, LAM.
MODERN_METHODS: frozenset[ContraceptiveMethod] = frozenset(
    {
        ContraceptiveMethod.iud,
        ContraceptiveMethod.mow,
        ContraceptiveMethod.mop,
        ContraceptiveMethod.condom,
        ContraceptiveMethod.implant,
        ContraceptiveMethod.injectable,
        ContraceptiveMethod.pill,
        ContraceptiveMethod.lam,
    }
)
#: MKJP (metode kontrasepsi jangka panjang, long-acting): IUD, implant, MOW, MOP.
MKJP_METHODS: frozenset[ContraceptiveMethod] = frozenset(
    {
        ContraceptiveMethod.iud,
        ContraceptiveMethod.implant,
        ContraceptiveMethod.mow,
        ContraceptiveMethod.mop,
    }
)
#: KB pria (male methods): MOP and condom.
MALE_METHODS: frozenset[ContraceptiveMethod] = frozenset(
    {ContraceptiveMethod.mop, ContraceptiveMethod.condom}
)


class WelfareStage(LabelledEnum):
    """Tahapan Keluarga Sejahtera (BKKBN family welfare stage)."""

    pra_sejahtera = ("pra_sejahtera", "Pra Sejahtera", "Pre-prosperous")
    ks1 = ("ks1", "Keluarga Sejahtera I", "Prosperous I")
    ks2 = ("ks2", "Keluarga Sejahtera II", "Prosperous II")
    ks3 = ("ks3", "Keluarga Sejahtera III", "Prosperous III")
    ks3_plus = ("ks3_plus", "Keluarga Sejahtera III Plus", "Prosperous III Plus")


# --- villages and the Kampung KB profile ------------------------------------------------


class Scope(LabelledEnum):
    """Area a Kampung KB covers (cakupan wilayah)."""

    village = ("village", "Desa/kelurahan", "Village")
    dusun = ("dusun", "Dusun", "Hamlet (dusun)")
    rw = ("rw", "RW", "Neighbourhood (RW)")


class VillageCriterion(LabelledEnum):
    """Kampung KB designation criterion (kriteria pembentukan)."""

    poor_families_above_average = (
        "poor_families_above_average",
        "Keluarga miskin di atas rata-rata",
        "Poor families above the village average",
    )
    cpr_below_average = (
        "cpr_below_average",
        "Kesertaan KB di bawah rata-rata",
        "Contraceptive use below average",
    )
    slum = ("slum", "Kumuh", "Slum")
    coastal = ("coastal", "Pesisir/nelayan", "Coastal")
    river_basin = ("river_basin", "Daerah aliran sungai", "River basin")
    railway_bank = ("railway_bank", "Bantaran kereta api", "Railway bank")
    remote = ("remote", "Terpencil", "Remote")
    border = ("border", "Perbatasan", "Border area")
    industrial = ("industrial", "Kawasan industri", "Industrial area")
    tourist = ("tourist", "Kawasan wisata", "Tourist area")
    dense = ("dense", "Padat penduduk", "Densely populated")


class FundingSource(LabelledEnum):
    """Funding source (sumber dana)."""

    apbn = ("apbn", "APBN", "National budget (APBN)")
    apbd_province = ("apbd_province", "APBD provinsi", "Provincial budget")
    apbd_regency = ("apbd_regency", "APBD kabupaten/kota", "Regency/city budget")
    dana_desa = ("dana_desa", "Dana Desa", "Village fund (Dana Desa)")
    add = ("add", "Alokasi Dana Desa (ADD)", "Village fund allocation (ADD)")
    csr = ("csr", "CSR", "Corporate social responsibility")
    swadaya = ("swadaya", "Swadaya masyarakat", "Community self-funding")
    other = ("other", "Lainnya", "Other")


class Programme(LabelledEnum):
    """Programme or poktan present in a Kampung KB (kegiatan/kelompok kegiatan)."""

    bkb = ("bkb", "Bina Keluarga Balita (BKB)", "Toddler family group (BKB)")
    bkr = ("bkr", "Bina Keluarga Remaja (BKR)", "Youth family group (BKR)")
    bkl = ("bkl", "Bina Keluarga Lansia (BKL)", "Elderly family group (BKL)")
    uppka = ("uppka", "UPPKA", "Family income group (UPPKA)")
    pikr = ("pikr", "PIK-R", "Youth information and counselling centre (PIK-R)")
    posyandu = ("posyandu", "Posyandu", "Integrated health post (Posyandu)")
    paud = ("paud", "PAUD", "Early childhood education (PAUD)")
    posbindu = ("posbindu", "Posbindu", "Non-communicable disease post (Posbindu)")
    lansia = ("lansia", "Kegiatan lansia", "Elderly activities")
    pkk = ("pkk", "PKK", "Family welfare movement (PKK)")
    other = ("other", "Lainnya", "Other")


class DataSource(LabelledEnum):
    """Data source used for planning (sumber data)."""

    family_census = ("family_census", "Pendataan keluarga", "Family census")
    routine_statistics = ("routine_statistics", "Statistik rutin", "Routine statistics")
    village_potential = ("village_potential", "Potensi desa", "Village potential")
    sectoral = ("sectoral", "Data sektoral", "Sectoral data")
    other = ("other", "Lainnya", "Other")


class Frequency(LabelledEnum):
    """How often an operational mechanism takes place (frekuensi)."""

    none = ("none", "Tidak ada", "None")
    weekly = ("weekly", "Mingguan", "Weekly")
    monthly = ("monthly", "Bulanan", "Monthly")
    quarterly = ("quarterly", "Triwulanan", "Quarterly")
    semester = ("semester", "Semesteran", "Every six months")
    yearly = ("yearly", "Tahunan", "Yearly")
    ad_hoc = ("ad_hoc", "Sewaktu-waktu", "Ad hoc")


# --- groups -------------------------------------------------------------------------------


class PoktanKind(LabelledEnum):
    """Kind of poktan (kelompok kegiatan)."""

    bkb = ("bkb", "Bina Keluarga Balita (BKB)", "Toddler family group (BKB)")
    bkr = ("bkr", "Bina Keluarga Remaja (BKR)", "Youth family group (BKR)")
    bkl = ("bkl", "Bina Keluarga Lansia (BKL)", "Elderly family group (BKL)")
    uppka = ("uppka", "UPPKA", "Family income group (UPPKA)")
    pikr = ("pikr", "PIK-R", "Youth information and counselling centre (PIK-R)")


class IndustryLevel(LabelledEnum):
    """Industri Rumahan level (KemenPPPA)."""

    ir1 = ("ir1", "IR 1 (pemula)", "IR 1 (beginner)")
    ir2 = ("ir2", "IR 2 (berkembang)", "IR 2 (developing)")
    ir3 = ("ir3", "IR 3 (maju)", "IR 3 (advanced)")


# --- events -------------------------------------------------------------------------------


class Sector(LabelledEnum):
    """Sector of an intervention (sektor)."""

    health = ("health", "Kesehatan", "Health")
    education = ("education", "Pendidikan", "Education")
    social = ("social", "Sosial", "Social affairs")
    economy = ("economy", "Ekonomi", "Economy")
    religion = ("religion", "Agama", "Religion")
    environment = ("environment", "Lingkungan hidup", "Environment")
    population = ("population", "Kependudukan dan KB", "Population and family planning")
    child_protection = ("child_protection", "Perlindungan anak", "Child protection")
    infrastructure = ("infrastructure", "Infrastruktur", "Infrastructure")
    other = ("other", "Lainnya", "Other")


class FamilyFunction(LabelledEnum):
    """The eight family functions (delapan fungsi keluarga)."""

    religion = ("religion", "Fungsi agama", "Religion")
    socio_cultural = ("socio_cultural", "Fungsi sosial budaya", "Socio-cultural")
    love = ("love", "Fungsi cinta kasih", "Love and affection")
    protection = ("protection", "Fungsi perlindungan", "Protection")
    reproduction = ("reproduction", "Fungsi reproduksi", "Reproduction")
    socialisation_education = (
        "socialisation_education",
        "Fungsi sosialisasi dan pendidikan",
        "Socialisation and education",
    )
    economy = ("economy", "Fungsi ekonomi", "Economy")
    environment = ("environment", "Fungsi pembinaan lingkungan", "Environment")


class TargetGroup(LabelledEnum):
    """Target group of an intervention (sasaran)."""

    families = ("families", "Keluarga", "Families")
    pus = ("pus", "Pasangan usia subur (PUS)", "Couples of reproductive age (PUS)")
    pregnant_women = ("pregnant_women", "Ibu hamil", "Pregnant women")
    toddlers = ("toddlers", "Balita", "Children under five")
    youths = ("youths", "Remaja", "Youths")
    elderly = ("elderly", "Lansia", "Elderly")
    women = ("women", "Perempuan", "Women")
    children = ("children", "Anak", "Children")
    community = ("community", "Masyarakat umum", "Community")


class ViolenceType(LabelledEnum):
    """Type of violence (jenis kekerasan), as in SIMFONI-PPA."""

    physical = ("physical", "Fisik", "Physical")
    psychological = ("psychological", "Psikis", "Psychological")
    sexual = ("sexual", "Seksual", "Sexual")
    exploitation = ("exploitation", "Eksploitasi", "Exploitation")
    trafficking = ("trafficking", "Perdagangan orang", "Trafficking")
    neglect = ("neglect", "Penelantaran", "Neglect")
    other = ("other", "Lainnya", "Other")


class MeasurementPosition(LabelledEnum):
    """How a child's length/height was measured (posisi pengukuran)."""

    lying = ("lying", "Telentang (panjang badan)", "Lying (recumbent length)")
    standing = ("standing", "Berdiri (tinggi badan)", "Standing (height)")


# --- fertility detail (DHS 2012 unmet-need algorithm) ---------------------------------------


class Wantedness(LabelledEnum):
    """Whether a pregnancy or birth was wanted at the time (kehamilan/kelahiran diinginkan).

    The DHS question "at the time you became pregnant, did you want to become pregnant then,
    did you want to wait until later, or did you not want to have any (more) children?".
    """

    then = ("then", "Diinginkan saat itu", "Wanted then")
    later = ("later", "Diinginkan nanti (tidak tepat waktu)", "Wanted later (mistimed)")
    no_more = ("no_more", "Tidak diinginkan", "Not wanted (no more children)")


class LastMenses(LabelledEnum):
    """When the woman last menstruated (haid terakhir), as DHS asks it."""

    within_6_months = ("within_6_months", "Dalam 6 bulan terakhir", "Within the last 6 months")
    over_6_months = ("over_6_months", "Lebih dari 6 bulan lalu", "6 months ago or more")
    before_last_birth = (
        "before_last_birth",
        "Belum haid sejak melahirkan terakhir",
        "Not since the last birth (postpartum amenorrhoea)",
    )
    menopausal_hysterectomy = (
        "menopausal_hysterectomy",
        "Menopause/histerektomi",
        "Menopausal or had a hysterectomy",
    )
    never_menstruated = ("never_menstruated", "Belum pernah haid", "Never menstruated")
