"""Typed models of Kampung KB data: records, coded values, region codes and identity numbers.

The pydantic models validate single records (apps, APIs, JSON) and are the *schema* of the
canonical bulk tables (:mod:`kampungkb.models.tables`), which are validated vectorised.

The package is lazy (PEP 562), like :mod:`kampungkb` itself: importing it, or one of its
modules (the engine and the growth functions use the table schemas' :class:`Column`), loads
no pydantic model until one of these names is first used; ``from kampungkb.models import
Person`` works as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kampungkb._lazy import lazy_attribute

if TYPE_CHECKING:
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

#: Where each public name lives (imported on first access).
_LAZY: dict[str, str] = {
    "CANONICAL_TABLES": "kampungkb.models.tables",
    "ChildMeasurement": "kampungkb.models._events",
    "Column": "kampungkb.models._schema",
    "ColumnType": "kampungkb.models._schema",
    "ContraceptiveMethod": "kampungkb.models._enums",
    "DataSource": "kampungkb.models._enums",
    "Family": "kampungkb.models._family",
    "FamilyFunction": "kampungkb.models._enums",
    "FertilityIntention": "kampungkb.models._enums",
    "Frequency": "kampungkb.models._enums",
    "FundingSource": "kampungkb.models._enums",
    "HomeIndustry": "kampungkb.models._groups",
    "Identifier": "kampungkb.models._base",
    "IndustryLevel": "kampungkb.models._enums",
    "Intervention": "kampungkb.models._events",
    "KKNumber": "kampungkb.models._identity",
    "KampungKBModel": "kampungkb.models._base",
    "KampungKBProfile": "kampungkb.models._village",
    "LabelledEnum": "kampungkb.models._enums",
    "Lang": "kampungkb.models._enums",
    "LastMenses": "kampungkb.models._enums",
    "MALE_METHODS": "kampungkb.models._enums",
    "MKJP_METHODS": "kampungkb.models._enums",
    "MODERN_METHODS": "kampungkb.models._enums",
    "MONTH_PATTERN": "kampungkb.models._periods",
    "MaritalStatus": "kampungkb.models._enums",
    "Marriage": "kampungkb.models._events",
    "MaskedValue": "kampungkb.models._identity",
    "MeasurementPosition": "kampungkb.models._enums",
    "MonthPeriod": "kampungkb.models._periods",
    "MonthlyReport": "kampungkb.models._reports",
    "NIK": "kampungkb.models._identity",
    "PERIOD_PATTERN": "kampungkb.models._periods",
    "PERSONAL_MASK": "kampungkb.models._base",
    "Patbm": "kampungkb.models._groups",
    "Period": "kampungkb.models._periods",
    "Person": "kampungkb.models._family",
    "PoktanGroup": "kampungkb.models._groups",
    "PoktanKind": "kampungkb.models._enums",
    "Programme": "kampungkb.models._enums",
    "REGION_CODE_PATTERN": "kampungkb.models._regions",
    "RegionCode": "kampungkb.models._regions",
    "RegionLevel": "kampungkb.models._regions",
    "RegionRegistry": "kampungkb.models._regions",
    "Relation": "kampungkb.models._enums",
    "Scope": "kampungkb.models._enums",
    "Sector": "kampungkb.models._enums",
    "Sex": "kampungkb.models._enums",
    "TABLE_MODELS": "kampungkb.models.tables",
    "TableKind": "kampungkb.models._schema",
    "TableSchema": "kampungkb.models._schema",
    "TargetGroup": "kampungkb.models._enums",
    "UnknownTableError": "kampungkb.models.tables",
    "VILLAGE_CODE_PATTERN": "kampungkb.models._regions",
    "Village": "kampungkb.models._village",
    "VillageCode": "kampungkb.models._regions",
    "VillageCriterion": "kampungkb.models._enums",
    "ViolenceCase": "kampungkb.models._events",
    "ViolenceType": "kampungkb.models._enums",
    "ViolenceVictim": "kampungkb.models._events",
    "Wantedness": "kampungkb.models._enums",
    "WelfareStage": "kampungkb.models._enums",
    "column_info": "kampungkb.models._base",
    "completed_years": "kampungkb.models._family",
    "enum_labels": "kampungkb.models._enums",
    "get_table_schema": "kampungkb.models.tables",
    "json_schema": "kampungkb.models.tables",
    "table_schema_from_model": "kampungkb.models.tables",
}


# Hidden from type checkers, so a misspelt name stays an error for them.
if not TYPE_CHECKING:

    def __getattr__(name: str) -> Any:
        """Import a public name on first access."""
        return lazy_attribute(globals(), name, _LAZY)


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


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
