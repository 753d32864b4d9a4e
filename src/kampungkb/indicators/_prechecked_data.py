"""Checked SQL of the packaged definitions — GENERATED, do not edit.

Written by ``python -m kampungkb._generate``; read by
:mod:`kampungkb.indicators._prechecked`.  Key: (kind, table, the snippet as written);
value: (the SQL the engine embeds, the columns it reads, those columns' facts).
"""

from typing import Any

CHECKED: dict[tuple[str, str, str], Any] = {
    ('filter', 'child_measurements', "haz < -2 AND haz_flag IS DISTINCT FROM 'implausible'"): (
        '"haz" < -2 AND "haz_flag" IS DISTINCT FROM \'implausible\'',
        ('haz', 'haz_flag'),
        (('haz', 'DOUBLE', None, False), ('haz_flag', 'VARCHAR', ('missing_input', 'age_out_of_range', 'implausible', 'position_unknown'), False)),
    ),
    ('filter', 'child_measurements', "haz < -3 AND haz_flag IS DISTINCT FROM 'implausible'"): (
        '"haz" < -3 AND "haz_flag" IS DISTINCT FROM \'implausible\'',
        ('haz', 'haz_flag'),
        (('haz', 'DOUBLE', None, False), ('haz_flag', 'VARCHAR', ('missing_input', 'age_out_of_range', 'implausible', 'position_unknown'), False)),
    ),
    ('filter', 'child_measurements', "haz IS NOT NULL AND haz_flag IS DISTINCT FROM 'implausible'"): (
        'NOT "haz" IS NULL AND "haz_flag" IS DISTINCT FROM \'implausible\'',
        ('haz', 'haz_flag'),
        (('haz', 'DOUBLE', None, False), ('haz_flag', 'VARCHAR', ('missing_input', 'age_out_of_range', 'implausible', 'position_unknown'), False)),
    ),
    ('filter', 'families', "welfare_stage = 'pra_sejahtera'"): (
        '"welfare_stage" = \'pra_sejahtera\'',
        ('welfare_stage',),
        (('welfare_stage', 'VARCHAR', ('pra_sejahtera', 'ks1', 'ks2', 'ks3', 'ks3_plus'), False),),
    ),
    ('filter', 'kampung_kb_profiles', "freq_monitoring IS NOT NULL AND freq_monitoring <> 'none'"): (
        'NOT "freq_monitoring" IS NULL AND "freq_monitoring" <> \'none\'',
        ('freq_monitoring',),
        (('freq_monitoring', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False),),
    ),
    ('filter', 'kampung_kb_profiles', "freq_planning IS NOT NULL AND freq_planning <> 'none'"): (
        'NOT "freq_planning" IS NULL AND "freq_planning" <> \'none\'',
        ('freq_planning',),
        (('freq_planning', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False),),
    ),
    ('filter', 'kampung_kb_profiles', 'has_pokja AND pokja_decree'): (
        '"has_pokja" AND "pokja_decree"',
        ('has_pokja', 'pokja_decree'),
        (('has_pokja', 'BOOLEAN', None, False), ('pokja_decree', 'BOOLEAN', None, False)),
    ),
    ('filter', 'kampung_kb_profiles', 'has_regulation'): (
        '"has_regulation"',
        ('has_regulation',),
        (('has_regulation', 'BOOLEAN', None, False),),
    ),
    ('filter', 'marriages', 'wife_age < 18 OR husband_age < 18'): (
        '"wife_age" < 18 OR "husband_age" < 18',
        ('wife_age', 'husband_age'),
        (('wife_age', 'INTEGER', None, False), ('husband_age', 'INTEGER', None, False)),
    ),
    ('filter', 'patbm', 'decree_number IS NOT NULL'): (
        'NOT "decree_number" IS NULL',
        ('decree_number',),
        (('decree_number', 'VARCHAR', None, False),),
    ),
    ('filter', 'persons', 'age_years < 18'): (
        '"age_years" < 18',
        ('age_years',),
        (('age_years', 'INTEGER', None, False),),
    ),
    ('filter', 'persons', 'age_years < 18 AND has_birth_certificate'): (
        '"age_years" < 18 AND "has_birth_certificate"',
        ('age_years', 'has_birth_certificate'),
        (('age_years', 'INTEGER', None, False), ('has_birth_certificate', 'BOOLEAN', None, False)),
    ),
    ('filter', 'persons', 'age_years < 5'): (
        '"age_years" < 5',
        ('age_years',),
        (('age_years', 'INTEGER', None, False),),
    ),
    ('filter', 'persons', 'age_years < 5 AND has_birth_certificate'): (
        '"age_years" < 5 AND "has_birth_certificate"',
        ('age_years', 'has_birth_certificate'),
        (('age_years', 'INTEGER', None, False), ('has_birth_certificate', 'BOOLEAN', None, False)),
    ),
    ('filter', 'persons', 'age_years < 6'): (
        '"age_years" < 6',
        ('age_years',),
        (('age_years', 'INTEGER', None, False),),
    ),
    ('filter', 'persons', 'age_years >= 60'): (
        '"age_years" >= 60',
        ('age_years',),
        (('age_years', 'INTEGER', None, False),),
    ),
    ('filter', 'persons', 'age_years BETWEEN 10 AND 24'): (
        '"age_years" BETWEEN 10 AND 24',
        ('age_years',),
        (('age_years', 'INTEGER', None, False),),
    ),
    ('filter', 'persons', 'is_pus'): (
        '"is_pus"',
        ('is_pus',),
        (('is_pus', 'BOOLEAN', None, False),),
    ),
    ('filter', 'persons', "is_pus AND contraceptive_method IN ('iud', 'implant', 'mow', 'mop')"): (
        '"is_pus" AND "contraceptive_method" IN (\'iud\', \'implant\', \'mow\', \'mop\')',
        ('is_pus', 'contraceptive_method'),
        (('is_pus', 'BOOLEAN', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'persons', "is_pus AND contraceptive_method IN ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill')"): (
        '"is_pus" AND "contraceptive_method" IN (\'iud\', \'mow\', \'mop\', \'condom\', \'implant\', \'injectable\', \'pill\')',
        ('is_pus', 'contraceptive_method'),
        (('is_pus', 'BOOLEAN', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'persons', "is_pus AND contraceptive_method IN ('mop', 'condom')"): (
        '"is_pus" AND "contraceptive_method" IN (\'mop\', \'condom\')',
        ('is_pus', 'contraceptive_method'),
        (('is_pus', 'BOOLEAN', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'persons', 'is_pus AND contraceptive_method IS NOT NULL'): (
        '"is_pus" AND NOT "contraceptive_method" IS NULL',
        ('is_pus', 'contraceptive_method'),
        (('is_pus', 'BOOLEAN', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'persons', "is_pus AND contraceptive_method IS NULL AND NOT coalesce(pregnant, false) AND fertility_intention IN ('later', 'no_more')"): (
        '"is_pus" AND "contraceptive_method" IS NULL AND NOT COALESCE("pregnant", FALSE) AND "fertility_intention" IN (\'later\', \'no_more\')',
        ('is_pus', 'contraceptive_method', 'pregnant', 'fertility_intention'),
        (('is_pus', 'BOOLEAN', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False), ('pregnant', 'BOOLEAN', None, False), ('fertility_intention', 'VARCHAR', ('want_soon', 'later', 'no_more', 'undecided'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND age_years BETWEEN 20 AND 24"): (
        '"sex" = \'f\' AND "age_years" BETWEEN 20 AND 24',
        ('sex', 'age_years'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('age_years', 'INTEGER', None, False)),
    ),
    ('filter', 'persons', "sex = 'f' AND age_years BETWEEN 20 AND 24 AND age_first_marriage < 15"): (
        '"sex" = \'f\' AND "age_years" BETWEEN 20 AND 24 AND "age_first_marriage" < 15',
        ('sex', 'age_years', 'age_first_marriage'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('age_years', 'INTEGER', None, False), ('age_first_marriage', 'INTEGER', None, False)),
    ),
    ('filter', 'persons', "sex = 'f' AND age_years BETWEEN 20 AND 24 AND age_first_marriage < 18"): (
        '"sex" = \'f\' AND "age_years" BETWEEN 20 AND 24 AND "age_first_marriage" < 18',
        ('sex', 'age_years', 'age_first_marriage'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('age_years', 'INTEGER', None, False), ('age_first_marriage', 'INTEGER', None, False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49',
        ('sex', 'marital_status', 'age_years'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND (CASE WHEN contraceptive_method IS NOT NULL THEN 'met' WHEN coalesce(pregnant, false) THEN CASE pregnancy_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN last_menses = 'before_last_birth' AND date_diff('month', last_birth_date, period_end) < 24 THEN CASE last_birth_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN (coalesce(infecund_reported, false)) OR (last_menses = 'menopausal_hysterectomy') OR (last_menses = 'over_6_months') OR (last_menses = 'never_menstruated' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (last_menses = 'before_last_birth' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (age_years - age_first_marriage >= 5 AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60) AND ever_used_contraception = false) THEN 'infecund' ELSE CASE fertility_intention WHEN 'want_soon' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'undecided' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END END) IN ('limiting')"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND TRY((CASE WHEN NOT "contraceptive_method" IS NULL THEN \'met\' WHEN COALESCE("pregnant", FALSE) THEN CASE "pregnancy_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN "last_menses" = \'before_last_birth\' AND DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") < 24 THEN CASE "last_birth_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN (COALESCE("infecund_reported", FALSE)) OR ("last_menses" = \'menopausal_hysterectomy\') OR ("last_menses" = \'over_6_months\') OR ("last_menses" = \'never_menstruated\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("last_menses" = \'before_last_birth\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("age_years" - "age_first_marriage" >= 5 AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60) AND "ever_used_contraception" = FALSE) THEN \'infecund\' ELSE CASE "fertility_intention" WHEN \'want_soon\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'undecided\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END END) IN (\'limiting\'))',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method', 'pregnant', 'pregnancy_wanted', 'last_menses', 'period_end', 'last_birth_date', 'last_birth_wanted', 'infecund_reported', 'age_first_marriage', 'ever_used_contraception', 'fertility_intention'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False), ('pregnant', 'BOOLEAN', None, False), ('pregnancy_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('last_menses', 'VARCHAR', ('within_6_months', 'over_6_months', 'before_last_birth', 'menopausal_hysterectomy', 'never_menstruated'), False), ('period_end', 'DATE', None, False), ('last_birth_date', 'DATE', None, False), ('last_birth_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('infecund_reported', 'BOOLEAN', None, False), ('age_first_marriage', 'INTEGER', None, False), ('ever_used_contraception', 'BOOLEAN', None, False), ('fertility_intention', 'VARCHAR', ('want_soon', 'later', 'no_more', 'undecided'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND (CASE WHEN contraceptive_method IS NOT NULL THEN 'met' WHEN coalesce(pregnant, false) THEN CASE pregnancy_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN last_menses = 'before_last_birth' AND date_diff('month', last_birth_date, period_end) < 24 THEN CASE last_birth_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN (coalesce(infecund_reported, false)) OR (last_menses = 'menopausal_hysterectomy') OR (last_menses = 'over_6_months') OR (last_menses = 'never_menstruated' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (last_menses = 'before_last_birth' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (age_years - age_first_marriage >= 5 AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60) AND ever_used_contraception = false) THEN 'infecund' ELSE CASE fertility_intention WHEN 'want_soon' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'undecided' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END END) IN ('met', 'spacing', 'limiting')"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND TRY((CASE WHEN NOT "contraceptive_method" IS NULL THEN \'met\' WHEN COALESCE("pregnant", FALSE) THEN CASE "pregnancy_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN "last_menses" = \'before_last_birth\' AND DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") < 24 THEN CASE "last_birth_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN (COALESCE("infecund_reported", FALSE)) OR ("last_menses" = \'menopausal_hysterectomy\') OR ("last_menses" = \'over_6_months\') OR ("last_menses" = \'never_menstruated\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("last_menses" = \'before_last_birth\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("age_years" - "age_first_marriage" >= 5 AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60) AND "ever_used_contraception" = FALSE) THEN \'infecund\' ELSE CASE "fertility_intention" WHEN \'want_soon\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'undecided\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END END) IN (\'met\', \'spacing\', \'limiting\'))',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method', 'pregnant', 'pregnancy_wanted', 'last_menses', 'period_end', 'last_birth_date', 'last_birth_wanted', 'infecund_reported', 'age_first_marriage', 'ever_used_contraception', 'fertility_intention'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False), ('pregnant', 'BOOLEAN', None, False), ('pregnancy_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('last_menses', 'VARCHAR', ('within_6_months', 'over_6_months', 'before_last_birth', 'menopausal_hysterectomy', 'never_menstruated'), False), ('period_end', 'DATE', None, False), ('last_birth_date', 'DATE', None, False), ('last_birth_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('infecund_reported', 'BOOLEAN', None, False), ('age_first_marriage', 'INTEGER', None, False), ('ever_used_contraception', 'BOOLEAN', None, False), ('fertility_intention', 'VARCHAR', ('want_soon', 'later', 'no_more', 'undecided'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND (CASE WHEN contraceptive_method IS NOT NULL THEN 'met' WHEN coalesce(pregnant, false) THEN CASE pregnancy_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN last_menses = 'before_last_birth' AND date_diff('month', last_birth_date, period_end) < 24 THEN CASE last_birth_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN (coalesce(infecund_reported, false)) OR (last_menses = 'menopausal_hysterectomy') OR (last_menses = 'over_6_months') OR (last_menses = 'never_menstruated' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (last_menses = 'before_last_birth' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (age_years - age_first_marriage >= 5 AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60) AND ever_used_contraception = false) THEN 'infecund' ELSE CASE fertility_intention WHEN 'want_soon' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'undecided' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END END) IN ('spacing')"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND TRY((CASE WHEN NOT "contraceptive_method" IS NULL THEN \'met\' WHEN COALESCE("pregnant", FALSE) THEN CASE "pregnancy_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN "last_menses" = \'before_last_birth\' AND DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") < 24 THEN CASE "last_birth_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN (COALESCE("infecund_reported", FALSE)) OR ("last_menses" = \'menopausal_hysterectomy\') OR ("last_menses" = \'over_6_months\') OR ("last_menses" = \'never_menstruated\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("last_menses" = \'before_last_birth\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("age_years" - "age_first_marriage" >= 5 AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60) AND "ever_used_contraception" = FALSE) THEN \'infecund\' ELSE CASE "fertility_intention" WHEN \'want_soon\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'undecided\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END END) IN (\'spacing\'))',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method', 'pregnant', 'pregnancy_wanted', 'last_menses', 'period_end', 'last_birth_date', 'last_birth_wanted', 'infecund_reported', 'age_first_marriage', 'ever_used_contraception', 'fertility_intention'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False), ('pregnant', 'BOOLEAN', None, False), ('pregnancy_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('last_menses', 'VARCHAR', ('within_6_months', 'over_6_months', 'before_last_birth', 'menopausal_hysterectomy', 'never_menstruated'), False), ('period_end', 'DATE', None, False), ('last_birth_date', 'DATE', None, False), ('last_birth_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('infecund_reported', 'BOOLEAN', None, False), ('age_first_marriage', 'INTEGER', None, False), ('ever_used_contraception', 'BOOLEAN', None, False), ('fertility_intention', 'VARCHAR', ('want_soon', 'later', 'no_more', 'undecided'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND (CASE WHEN contraceptive_method IS NOT NULL THEN 'met' WHEN coalesce(pregnant, false) THEN CASE pregnancy_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN last_menses = 'before_last_birth' AND date_diff('month', last_birth_date, period_end) < 24 THEN CASE last_birth_wanted WHEN 'then' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END WHEN (coalesce(infecund_reported, false)) OR (last_menses = 'menopausal_hysterectomy') OR (last_menses = 'over_6_months') OR (last_menses = 'never_menstruated' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (last_menses = 'before_last_birth' AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60)) OR (age_years - age_first_marriage >= 5 AND (last_birth_date IS NULL OR date_diff('month', last_birth_date, period_end) >= 60) AND ever_used_contraception = false) THEN 'infecund' ELSE CASE fertility_intention WHEN 'want_soon' THEN 'no_need' WHEN 'later' THEN 'spacing' WHEN 'undecided' THEN 'spacing' WHEN 'no_more' THEN 'limiting' ELSE 'unknown' END END) IN ('spacing', 'limiting')"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND TRY((CASE WHEN NOT "contraceptive_method" IS NULL THEN \'met\' WHEN COALESCE("pregnant", FALSE) THEN CASE "pregnancy_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN "last_menses" = \'before_last_birth\' AND DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") < 24 THEN CASE "last_birth_wanted" WHEN \'then\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END WHEN (COALESCE("infecund_reported", FALSE)) OR ("last_menses" = \'menopausal_hysterectomy\') OR ("last_menses" = \'over_6_months\') OR ("last_menses" = \'never_menstruated\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("last_menses" = \'before_last_birth\' AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60)) OR ("age_years" - "age_first_marriage" >= 5 AND ("last_birth_date" IS NULL OR DATE_DIFF(\'MONTH\', "last_birth_date", "period_end") >= 60) AND "ever_used_contraception" = FALSE) THEN \'infecund\' ELSE CASE "fertility_intention" WHEN \'want_soon\' THEN \'no_need\' WHEN \'later\' THEN \'spacing\' WHEN \'undecided\' THEN \'spacing\' WHEN \'no_more\' THEN \'limiting\' ELSE \'unknown\' END END) IN (\'spacing\', \'limiting\'))',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method', 'pregnant', 'pregnancy_wanted', 'last_menses', 'period_end', 'last_birth_date', 'last_birth_wanted', 'infecund_reported', 'age_first_marriage', 'ever_used_contraception', 'fertility_intention'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False), ('pregnant', 'BOOLEAN', None, False), ('pregnancy_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('last_menses', 'VARCHAR', ('within_6_months', 'over_6_months', 'before_last_birth', 'menopausal_hysterectomy', 'never_menstruated'), False), ('period_end', 'DATE', None, False), ('last_birth_date', 'DATE', None, False), ('last_birth_wanted', 'VARCHAR', ('then', 'later', 'no_more'), False), ('infecund_reported', 'BOOLEAN', None, False), ('age_first_marriage', 'INTEGER', None, False), ('ever_used_contraception', 'BOOLEAN', None, False), ('fertility_intention', 'VARCHAR', ('want_soon', 'later', 'no_more', 'undecided'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND contraceptive_method IN ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam')"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND "contraceptive_method" IN (\'iud\', \'mow\', \'mop\', \'condom\', \'implant\', \'injectable\', \'pill\', \'lam\')',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'persons', "sex = 'f' AND marital_status = 'married' AND age_years BETWEEN 15 AND 49 AND contraceptive_method IS NOT NULL"): (
        '"sex" = \'f\' AND "marital_status" = \'married\' AND "age_years" BETWEEN 15 AND 49 AND NOT "contraceptive_method" IS NULL',
        ('sex', 'marital_status', 'age_years', 'contraceptive_method'),
        (('sex', 'VARCHAR', ('m', 'f'), False), ('marital_status', 'VARCHAR', ('never_married', 'married', 'divorced', 'widowed'), False), ('age_years', 'INTEGER', None, False), ('contraceptive_method', 'VARCHAR', ('iud', 'mow', 'mop', 'condom', 'implant', 'injectable', 'pill', 'lam', 'traditional'), False)),
    ),
    ('filter', 'poktan_groups', "kind = 'bkb' AND coalesce(active, true)"): (
        '"kind" = \'bkb\' AND COALESCE("active", TRUE)',
        ('kind', 'active'),
        (('kind', 'VARCHAR', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr'), False), ('active', 'BOOLEAN', None, False)),
    ),
    ('filter', 'poktan_groups', "kind = 'bkl' AND coalesce(active, true)"): (
        '"kind" = \'bkl\' AND COALESCE("active", TRUE)',
        ('kind', 'active'),
        (('kind', 'VARCHAR', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr'), False), ('active', 'BOOLEAN', None, False)),
    ),
    ('filter', 'poktan_groups', "kind = 'bkr' AND coalesce(active, true)"): (
        '"kind" = \'bkr\' AND COALESCE("active", TRUE)',
        ('kind', 'active'),
        (('kind', 'VARCHAR', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr'), False), ('active', 'BOOLEAN', None, False)),
    ),
    ('filter', 'poktan_groups', "kind = 'pikr' AND coalesce(active, true)"): (
        '"kind" = \'pikr\' AND COALESCE("active", TRUE)',
        ('kind', 'active'),
        (('kind', 'VARCHAR', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr'), False), ('active', 'BOOLEAN', None, False)),
    ),
    ('filter', 'poktan_groups', "kind = 'uppka' AND coalesce(active, true)"): (
        '"kind" = \'uppka\' AND COALESCE("active", TRUE)',
        ('kind', 'active'),
        (('kind', 'VARCHAR', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr'), False), ('active', 'BOOLEAN', None, False)),
    ),
    ('value', 'kampung_kb_profiles', 'CASE WHEN NOT coalesce(has_pokja, false) THEN 0 WHEN coalesce(pokja_members, 0) > 0 AND coalesce(pokja_trained, false) THEN 3 WHEN coalesce(pokja_members, 0) > 0 OR coalesce(pokja_trained, false) THEN 2 ELSE 1 END'): (
        'CASE WHEN NOT COALESCE("has_pokja", FALSE) THEN 0 WHEN COALESCE("pokja_members", 0) > 0 AND COALESCE("pokja_trained", FALSE) THEN 3 WHEN COALESCE("pokja_members", 0) > 0 OR COALESCE("pokja_trained", FALSE) THEN 2 ELSE 1 END',
        ('has_pokja', 'pokja_members', 'pokja_trained'),
        (('has_pokja', 'BOOLEAN', None, False), ('pokja_members', 'INTEGER', None, False), ('pokja_trained', 'BOOLEAN', None, False)),
    ),
    ('value', 'kampung_kb_profiles', 'CASE WHEN coalesce(has_field_worker, false) THEN 1 ELSE 0 END + CASE WHEN coalesce(has_regulation, false) THEN 1 ELSE 0 END'): (
        'TRY(CASE WHEN COALESCE("has_field_worker", FALSE) THEN 1 ELSE 0 END + CASE WHEN COALESCE("has_regulation", FALSE) THEN 1 ELSE 0 END)',
        ('has_field_worker', 'has_regulation'),
        (('has_field_worker', 'BOOLEAN', None, False), ('has_regulation', 'BOOLEAN', None, False)),
    ),
    ('value', 'kampung_kb_profiles', 'CASE WHEN coalesce(has_secretariat, false) THEN 1 ELSE 0 END + CASE WHEN coalesce(has_rumah_dataku, false) THEN 1 ELSE 0 END'): (
        'TRY(CASE WHEN COALESCE("has_secretariat", FALSE) THEN 1 ELSE 0 END + CASE WHEN COALESCE("has_rumah_dataku", FALSE) THEN 1 ELSE 0 END)',
        ('has_secretariat', 'has_rumah_dataku'),
        (('has_secretariat', 'BOOLEAN', None, False), ('has_rumah_dataku', 'BOOLEAN', None, False)),
    ),
    ('value', 'kampung_kb_profiles', "CASE WHEN freq_coordination IS NOT NULL AND freq_coordination <> 'none' THEN 1 ELSE 0 END + CASE WHEN freq_socialisation IS NOT NULL AND freq_socialisation <> 'none' THEN 1 ELSE 0 END + CASE WHEN freq_planning IS NOT NULL AND freq_planning <> 'none' THEN 1 ELSE 0 END + CASE WHEN freq_monitoring IS NOT NULL AND freq_monitoring <> 'none' THEN 1 ELSE 0 END + CASE WHEN freq_reporting IS NOT NULL AND freq_reporting <> 'none' THEN 1 ELSE 0 END"): (
        'TRY(CASE WHEN NOT "freq_coordination" IS NULL AND "freq_coordination" <> \'none\' THEN 1 ELSE 0 END + CASE WHEN NOT "freq_socialisation" IS NULL AND "freq_socialisation" <> \'none\' THEN 1 ELSE 0 END + CASE WHEN NOT "freq_planning" IS NULL AND "freq_planning" <> \'none\' THEN 1 ELSE 0 END + CASE WHEN NOT "freq_monitoring" IS NULL AND "freq_monitoring" <> \'none\' THEN 1 ELSE 0 END + CASE WHEN NOT "freq_reporting" IS NULL AND "freq_reporting" <> \'none\' THEN 1 ELSE 0 END)',
        ('freq_coordination', 'freq_socialisation', 'freq_planning', 'freq_monitoring', 'freq_reporting'),
        (('freq_coordination', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False), ('freq_socialisation', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False), ('freq_planning', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False), ('freq_monitoring', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False), ('freq_reporting', 'VARCHAR', ('none', 'weekly', 'monthly', 'quarterly', 'semester', 'yearly', 'ad_hoc'), False)),
    ),
    ('value', 'kampung_kb_profiles', 'coalesce(len(data_sources), 0)'): (
        'COALESCE(LENGTH("data_sources"), 0)',
        ('data_sources',),
        (('data_sources', 'VARCHAR[]', ('family_census', 'routine_statistics', 'village_potential', 'sectoral', 'other'), False),),
    ),
    ('value', 'kampung_kb_profiles', 'coalesce(len(funding_sources), 0)'): (
        'COALESCE(LENGTH("funding_sources"), 0)',
        ('funding_sources',),
        (('funding_sources', 'VARCHAR[]', ('apbn', 'apbd_province', 'apbd_regency', 'dana_desa', 'add', 'csr', 'swadaya', 'other'), False),),
    ),
    ('value', 'kampung_kb_profiles', 'coalesce(len(programmes), 0)'): (
        'COALESCE(LENGTH("programmes"), 0)',
        ('programmes',),
        (('programmes', 'VARCHAR[]', ('bkb', 'bkr', 'bkl', 'uppka', 'pikr', 'posyandu', 'paud', 'posbindu', 'lansia', 'pkk', 'other'), False),),
    ),
    ('value', 'monthly_reports', 'coalesce(nonusers_later, 0) + coalesce(nonusers_no_more, 0)'): (
        'TRY(COALESCE("nonusers_later", 0) + COALESCE("nonusers_no_more", 0))',
        ('nonusers_later', 'nonusers_no_more'),
        (('nonusers_later', 'INTEGER', None, False), ('nonusers_no_more', 'INTEGER', None, False)),
    ),
    ('value', 'monthly_reports', 'coalesce(users_iud, 0) + coalesce(users_implant, 0) + coalesce(users_mow, 0) + coalesce(users_mop, 0)'): (
        'TRY(COALESCE("users_iud", 0) + COALESCE("users_implant", 0) + COALESCE("users_mow", 0) + COALESCE("users_mop", 0))',
        ('users_iud', 'users_implant', 'users_mow', 'users_mop'),
        (('users_iud', 'INTEGER', None, False), ('users_implant', 'INTEGER', None, False), ('users_mow', 'INTEGER', None, False), ('users_mop', 'INTEGER', None, False)),
    ),
    ('value', 'monthly_reports', 'coalesce(users_iud, 0) + coalesce(users_mow, 0) + coalesce(users_mop, 0) + coalesce(users_condom, 0) + coalesce(users_implant, 0) + coalesce(users_injectable, 0) + coalesce(users_pill, 0)'): (
        'TRY(COALESCE("users_iud", 0) + COALESCE("users_mow", 0) + COALESCE("users_mop", 0) + COALESCE("users_condom", 0) + COALESCE("users_implant", 0) + COALESCE("users_injectable", 0) + COALESCE("users_pill", 0))',
        ('users_iud', 'users_mow', 'users_mop', 'users_condom', 'users_implant', 'users_injectable', 'users_pill'),
        (('users_iud', 'INTEGER', None, False), ('users_mow', 'INTEGER', None, False), ('users_mop', 'INTEGER', None, False), ('users_condom', 'INTEGER', None, False), ('users_implant', 'INTEGER', None, False), ('users_injectable', 'INTEGER', None, False), ('users_pill', 'INTEGER', None, False)),
    ),
    ('value', 'monthly_reports', 'coalesce(users_iud, 0) + coalesce(users_mow, 0) + coalesce(users_mop, 0) + coalesce(users_condom, 0) + coalesce(users_implant, 0) + coalesce(users_injectable, 0) + coalesce(users_pill, 0) + coalesce(users_other, 0)'): (
        'TRY(COALESCE("users_iud", 0) + COALESCE("users_mow", 0) + COALESCE("users_mop", 0) + COALESCE("users_condom", 0) + COALESCE("users_implant", 0) + COALESCE("users_injectable", 0) + COALESCE("users_pill", 0) + COALESCE("users_other", 0))',
        ('users_iud', 'users_mow', 'users_mop', 'users_condom', 'users_implant', 'users_injectable', 'users_pill', 'users_other'),
        (('users_iud', 'INTEGER', None, False), ('users_mow', 'INTEGER', None, False), ('users_mop', 'INTEGER', None, False), ('users_condom', 'INTEGER', None, False), ('users_implant', 'INTEGER', None, False), ('users_injectable', 'INTEGER', None, False), ('users_pill', 'INTEGER', None, False), ('users_other', 'INTEGER', None, False)),
    ),
    ('value', 'monthly_reports', 'coalesce(users_mop, 0) + coalesce(users_condom, 0)'): (
        'TRY(COALESCE("users_mop", 0) + COALESCE("users_condom", 0))',
        ('users_mop', 'users_condom'),
        (('users_mop', 'INTEGER', None, False), ('users_condom', 'INTEGER', None, False)),
    ),
    ('value', 'monthly_reports', 'families'): (
        '"families"',
        ('families',),
        (('families', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'families_with_elderly'): (
        '"families_with_elderly"',
        ('families_with_elderly',),
        (('families_with_elderly', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'families_with_toddler'): (
        '"families_with_toddler"',
        ('families_with_toddler',),
        (('families_with_toddler', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'families_with_youth'): (
        '"families_with_youth"',
        ('families_with_youth',),
        (('families_with_youth', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'participants_bkb'): (
        '"participants_bkb"',
        ('participants_bkb',),
        (('participants_bkb', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'participants_bkl'): (
        '"participants_bkl"',
        ('participants_bkl',),
        (('participants_bkl', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'participants_bkr'): (
        '"participants_bkr"',
        ('participants_bkr',),
        (('participants_bkr', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'participants_pikr'): (
        '"participants_pikr"',
        ('participants_pikr',),
        (('participants_pikr', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'participants_uppka'): (
        '"participants_uppka"',
        ('participants_uppka',),
        (('participants_uppka', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'pus'): (
        '"pus"',
        ('pus',),
        (('pus', 'INTEGER', None, False),),
    ),
    ('value', 'monthly_reports', 'youths'): (
        '"youths"',
        ('youths',),
        (('youths', 'INTEGER', None, False),),
    ),
    ('value', 'poktan_groups', 'coalesce(participants, 0)'): (
        'COALESCE("participants", 0)',
        ('participants',),
        (('participants', 'INTEGER', None, False),),
    ),
}
