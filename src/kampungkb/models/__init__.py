"""Typed models of Kampung KB data: records, coded values, region codes and identity numbers.

The pydantic models validate single records (apps, APIs, JSON) and are the *schema* of the
canonical bulk tables (:mod:`kampungkb.models.tables`), which are validated vectorised.
"""

from __future__ import annotations

from kampungkb.models._base import PERSONAL_MASK, Identifier, KampungKBModel, column_info
from kampungkb.models._enums import (
    MALE_METHODS,
    MKJP_METHODS,
    MODERN_METHODS,
    ContraceptiveMethod,
    DataSource,
    FamilyFunction,
    FertilityIntention,
    Frequency,
    FundingSource,
    IndustryLevel,
    LabelledEnum,
    Lang,
    LastMenses,
    MaritalStatus,
    MeasurementPosition,
    PoktanKind,
    Programme,
    Relation,
    Scope,
    Sector,
    Sex,
    TargetGroup,
    VillageCriterion,
    ViolenceType,
    Wantedness,
    WelfareStage,
    enum_labels,
)
from kampungkb.models._events import (
    ChildMeasurement,
    Intervention,
    Marriage,
    ViolenceCase,
    ViolenceVictim,
)
from kampungkb.models._family import Family, Person, completed_years
from kampungkb.models._groups import HomeIndustry, Patbm, PoktanGroup
from kampungkb.models._identity import NIK, KKNumber, MaskedValue
from kampungkb.models._periods import MONTH_PATTERN, PERIOD_PATTERN, MonthPeriod, Period
from kampungkb.models._regions import (
    REGION_CODE_PATTERN,
    VILLAGE_CODE_PATTERN,
    RegionCode,
    RegionLevel,
    RegionRegistry,
    VillageCode,
)
from kampungkb.models._reports import MonthlyReport
from kampungkb.models._schema import Column, ColumnType, TableKind, TableSchema
from kampungkb.models._village import KampungKBProfile, Village
from kampungkb.models.tables import (
    CANONICAL_TABLES,
    TABLE_MODELS,
    UnknownTableError,
    get_table_schema,
    json_schema,
    table_schema_from_model,
)

__all__ = [
    "CANONICAL_TABLES",
    "MALE_METHODS",
    "MKJP_METHODS",
    "MODERN_METHODS",
    "MONTH_PATTERN",
    "NIK",
    "PERIOD_PATTERN",
    "PERSONAL_MASK",
    "REGION_CODE_PATTERN",
    "TABLE_MODELS",
    "VILLAGE_CODE_PATTERN",
    "ChildMeasurement",
    "Column",
    "ColumnType",
    "ContraceptiveMethod",
    "DataSource",
    "Family",
    "FamilyFunction",
    "FertilityIntention",
    "Frequency",
    "FundingSource",
    "HomeIndustry",
    "Identifier",
    "IndustryLevel",
    "Intervention",
    "KKNumber",
    "KampungKBModel",
    "KampungKBProfile",
    "LabelledEnum",
    "Lang",
    "LastMenses",
    "MaritalStatus",
    "Marriage",
    "MaskedValue",
    "MeasurementPosition",
    "MonthPeriod",
    "MonthlyReport",
    "Patbm",
    "Period",
    "Person",
    "PoktanGroup",
    "PoktanKind",
    "Programme",
    "RegionCode",
    "RegionLevel",
    "RegionRegistry",
    "Relation",
    "Scope",
    "Sector",
    "Sex",
    "TableKind",
    "TableSchema",
    "TargetGroup",
    "UnknownTableError",
    "Village",
    "VillageCode",
    "VillageCriterion",
    "ViolenceCase",
    "ViolenceType",
    "ViolenceVictim",
    "Wantedness",
    "WelfareStage",
    "column_info",
    "completed_years",
    "enum_labels",
    "get_table_schema",
    "json_schema",
    "table_schema_from_model",
]
