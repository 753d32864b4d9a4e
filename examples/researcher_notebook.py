"""A researcher's session with kampungkb, cell by cell.

Run it: ``python examples/researcher_notebook.py``.

Each ``# %%`` block is a notebook cell (VS Code / Jupytext understand the markers).
"""

# %% Load data: here the bundled demo; with your own data use Dataset.from_folder("data/")
import kampungkb
from kampungkb.demo import SEED_VILLAGE_CODE, generate_demo

dataset = kampungkb.Dataset.from_tables(generate_demo())
print(dataset)

# %% Compute CIKAR indicators for both years, every village and every roll-up level
results = kampungkb.compute(dataset, ["cikar"], ["2017", "2019"])
df = results.to_pandas()
cpr = df[(df.indicator_id == "cpr") & (df.level == "regency")]
print(cpr[["region_code", "period", "numerator", "denominator", "value", "n"]])

# %% Ratio of sums: the province CPR is total users / total PUS, not a mean of village rates
prov = df[(df.indicator_id == "cpr") & (df.level == "province") & (df.period == "2019")].iloc[0]
villages = df[(df.indicator_id == "cpr") & (df.level == "village") & (df.period == "2019")]
assert prov.numerator == villages.numerator.sum()
assert prov.denominator == villages.denominator.sum()
print(f"province CPR 2019: {prov.value} % "
      f"(mean of village rates would be {villages.value.mean():.2f} %)")

# %% Evaluate: baseline 2017 against follow-up 2019, with targets, change rules and ranking
ev = kampungkb.evaluate(dataset, "cikar", baseline="2017", followup="2019")
seed = ev.village(SEED_VILLAGE_CODE).to_pandas()
print(seed[["indicator_id", "baseline", "followup", "achieved", "reason_en"]].to_string())

# %% Villages ranked for the province's reward (main indicators achieved, then sub-indicators)
ranking = ev.level("village").to_pandas()
print(ranking[["rank", "region_code", "n_achieved", "n_main", "n_sub_achieved"]])
