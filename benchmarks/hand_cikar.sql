-- Every non-composite indicator of cikar@2018 (24) at every level, in one DuckDB query.
--
-- Hand-written for benchmarks/bench_goal.py (issue 12, point 4).  {persons}, {families}, …
-- are read_parquet(...) scans of the tables' part files; {cm} is child_measurements of the
-- two years with the WHO height-for-age z-score (haz, haz_flag) computed beforehand by
-- kampungkb.growth.height_for_age.  Semantics as the library's: snapshot measures are
-- missing for a village without rows in the period; event and register measures are 0 for a
-- covered village without events; higher levels are ratios of sums over the villages with a
-- value; presence is 1/0 per village and the share of villages above.
WITH
pe AS (SELECT * FROM (VALUES ('2017', DATE '2017-12-31'), ('2019', DATE '2019-12-31'))
       AS t(period, period_end)),
cov AS (SELECT DISTINCT village_code AS v FROM {villages}),
grid AS (SELECT v, period, period_end FROM cov CROSS JOIN pe),
-- persons: age in completed years on the period's last day, PUS = married women 15-49
p AS (
  SELECT village_code AS v, period, contraceptive_method AS m, pregnant,
    fertility_intention AS fi, has_birth_certificate AS akta, age,
    sex = 'f' AND marital_status = 'married' AND age BETWEEN 15 AND 49 AS pus
  FROM (
    SELECT *, year(period_end) - year(birth_date)
      - CASE WHEN month(period_end) < month(birth_date) OR (month(period_end) = month(birth_date)
             AND day(period_end) < day(birth_date)) THEN 1 ELSE 0 END AS age
    FROM {persons} JOIN pe USING (period)
  )
),
pv AS (
  SELECT v, period,
    count(*) FILTER (WHERE pus) AS pus,
    count(*) FILTER (WHERE pus AND m IS NOT NULL) AS users,
    count(*) FILTER (WHERE pus AND m IN ('iud', 'implant', 'mow', 'mop')) AS mkjp,
    count(*) FILTER (WHERE pus AND m IN ('mop', 'condom')) AS male,
    count(*) FILTER (WHERE pus AND m IS NULL AND NOT coalesce(pregnant, false)
                     AND fi IN ('later', 'no_more')) AS unmet,
    count(*) FILTER (WHERE age < 18) AS kids,
    count(*) FILTER (WHERE age < 18 AND akta) AS kids_akta
  FROM p GROUP BY ALL
),
fv AS (
  SELECT village_code AS v, period, count(*) FILTER (WHERE welfare_stage = 'pra_sejahtera') AS pra
  FROM {families} WHERE period IN ('2017', '2019') GROUP BY ALL
),
gv AS (
  SELECT village_code AS v, period,
    count(*) FILTER (WHERE kind = 'bkb' AND coalesce(active, true)) AS bkb,
    count(*) FILTER (WHERE kind = 'bkl' AND coalesce(active, true)) AS bkl,
    count(*) FILTER (WHERE kind = 'bkr' AND coalesce(active, true)) AS bkr,
    count(*) FILTER (WHERE kind = 'uppka' AND coalesce(active, true)) AS uppka,
    count(*) FILTER (WHERE kind = 'pikr' AND coalesce(active, true)) AS pikr
  FROM {poktan_groups} WHERE period IN ('2017', '2019') GROUP BY ALL
),
kv AS (
  SELECT village_code AS v, period,
    count(*) FILTER (WHERE has_regulation) AS reg,
    count(*) FILTER (WHERE has_pokja AND pokja_decree) AS pokja,
    coalesce(sum(coalesce(len(funding_sources), 0)), 0) AS funds,
    coalesce(sum(coalesce(len(data_sources), 0)), 0) AS datas,
    count(*) FILTER (WHERE freq_planning IS NOT NULL AND freq_planning <> 'none') AS plan,
    count(*) FILTER (WHERE freq_monitoring IS NOT NULL AND freq_monitoring <> 'none') AS mon
  FROM {kampung_kb_profiles} WHERE period IN ('2017', '2019') GROUP BY ALL
),
-- events (by the year of their date) and registers (alive on the period's last day)
mv AS (SELECT village_code AS v, strftime(date, '%Y') AS period, count(*) AS marr,
         count(*) FILTER (WHERE wife_age < 18 OR husband_age < 18) AS child_marr
       FROM {marriages} GROUP BY ALL),
iv AS (SELECT village_code AS v, strftime(date, '%Y') AS period, count(*) AS interv
       FROM {interventions} GROUP BY ALL),
xv AS (SELECT village_code AS v, strftime(date, '%Y') AS period, count(*) AS viol
       FROM {violence_cases} GROUP BY ALL),
sv AS (
  SELECT v, period,
    count(*) FILTER (WHERE haz IS NOT NULL AND haz_flag IS DISTINCT FROM 'implausible') AS measured,
    count(*) FILTER (WHERE haz < -2 AND haz_flag IS DISTINCT FROM 'implausible') AS stunted
  FROM (SELECT village_code AS v, strftime(date, '%Y') AS period, haz, haz_flag FROM {cm}
        WHERE haz IS NOT NULL AND haz_flag IS DISTINCT FROM 'implausible'
        QUALIFY row_number() OVER (PARTITION BY village_code, child_id, strftime(date, '%Y')
                                   ORDER BY date DESC) = 1)
  GROUP BY ALL
),
pb AS (
  SELECT g.v, g.period, count(t.village_code) AS patbm
  FROM grid g LEFT JOIN {patbm} t ON t.village_code = g.v AND t.formed_on <= g.period_end
    AND (t.dissolved_on IS NULL OR t.dissolved_on > g.period_end)
    AND t.decree_number IS NOT NULL
  GROUP BY ALL
),
hv AS (
  SELECT g.v, g.period, count(t.village_code) AS industries
  FROM grid g LEFT JOIN {home_industries} t ON t.village_code = g.v
    AND t.started_on <= g.period_end AND (t.closed_on IS NULL OR t.closed_on > g.period_end)
  GROUP BY ALL
),
ev AS (
  SELECT g.v, g.period, coalesce(marr, 0) AS marr, coalesce(child_marr, 0) AS child_marr,
    coalesce(interv, 0) AS interv, coalesce(viol, 0) AS viol,
    coalesce(measured, 0) AS measured, coalesce(stunted, 0) AS stunted, patbm, industries
  FROM grid g LEFT JOIN mv USING (v, period) LEFT JOIN iv USING (v, period)
    LEFT JOIN xv USING (v, period) LEFT JOIN sv USING (v, period) JOIN pb USING (v, period)
    JOIN hv USING (v, period)
),
vt AS (
  SELECT * FROM ev FULL JOIN pv USING (v, period) FULL JOIN fv USING (v, period)
    FULL JOIN gv USING (v, period) FULL JOIN kv USING (v, period)
),
-- one row per village, period and indicator: numerator, denominator
long AS (
  SELECT v, period, unnest([
    {'i': 'cpr', 'k': 'ratio', 'n': users, 'd': pus},
    {'i': 'unmet_need', 'k': 'ratio', 'n': unmet, 'd': pus},
    {'i': 'mkjp_acceptors', 'k': 'count', 'n': mkjp, 'd': NULL},
    {'i': 'male_acceptors', 'k': 'count', 'n': male, 'd': NULL},
    {'i': 'pre_prosperous', 'k': 'count', 'n': pra, 'd': NULL},
    {'i': 'bkb_groups', 'k': 'count', 'n': bkb, 'd': NULL},
    {'i': 'bkl_groups', 'k': 'count', 'n': bkl, 'd': NULL},
    {'i': 'bkr_groups', 'k': 'count', 'n': bkr, 'd': NULL},
    {'i': 'uppks_groups', 'k': 'count', 'n': uppka, 'd': NULL},
    {'i': 'pikr_groups', 'k': 'count', 'n': pikr, 'd': NULL},
    {'i': 'patbm', 'k': 'presence', 'n': patbm, 'd': NULL},
    {'i': 'home_industry', 'k': 'presence', 'n': industries, 'd': NULL},
    {'i': 'birth_certificates', 'k': 'ratio', 'n': kids_akta, 'd': kids},
    {'i': 'child_marriage', 'k': 'ratio', 'n': child_marr, 'd': marr},
    {'i': 'interventions', 'k': 'count', 'n': interv, 'd': NULL},
    {'i': 'stunting_cases', 'k': 'count', 'n': stunted, 'd': NULL},
    {'i': 'regulation', 'k': 'presence', 'n': reg, 'd': NULL},
    {'i': 'pokja', 'k': 'presence', 'n': pokja, 'd': NULL},
    {'i': 'budget_sources', 'k': 'count', 'n': funds, 'd': NULL},
    {'i': 'data_use', 'k': 'count', 'n': datas, 'd': NULL},
    {'i': 'planning', 'k': 'presence', 'n': plan, 'd': NULL},
    {'i': 'monitoring', 'k': 'presence', 'n': mon, 'd': NULL},
    {'i': 'violence_cases', 'k': 'count', 'n': viol, 'd': NULL},
    {'i': 'stunting_prevalence', 'k': 'ratio', 'n': stunted, 'd': measured}
  ], recursive := true)
  FROM vt
),
vill AS (
  SELECT v, period, i, k,
    CAST(CASE WHEN k = 'presence' THEN (CASE WHEN n IS NULL THEN NULL WHEN n >= 1 THEN 1 ELSE 0 END)
         ELSE n END AS DOUBLE) AS num,
    CAST(CASE WHEN k = 'presence' THEN (CASE WHEN n IS NULL THEN NULL ELSE 1 END)
         ELSE d END AS DOUBLE) AS den
  FROM long
),
lv AS (SELECT * FROM (VALUES ('village', 13), ('district', 8), ('regency', 5), ('province', 2))
       AS t(level, len)),
agg AS (
  SELECT i, k, level, left(v, len) AS region, period,
    sum(num) FILTER (WHERE num IS NOT NULL AND (k <> 'ratio' OR den IS NOT NULL)) AS num,
    sum(den) FILTER (WHERE num IS NOT NULL AND (k <> 'ratio' OR den IS NOT NULL)) AS den,
    count(*) FILTER (WHERE num IS NOT NULL AND (k <> 'ratio' OR den IS NOT NULL)) AS n
  FROM vill CROSS JOIN lv GROUP BY ALL
)
SELECT i AS indicator_id, region AS region_code, level, period,
  CASE WHEN n = 0 THEN NULL
       WHEN k = 'ratio' THEN CASE WHEN den > 0 THEN round(num * 100 / den, 2) END
       WHEN k = 'count' OR level = 'village' THEN num
       ELSE round(num * 100 / den, 2) END AS value
FROM agg
