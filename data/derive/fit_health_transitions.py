"""Derive the default health-state, transition and mortality tables for Huangyan.

Run from the repository root::

    python data/derive/fit_health_transitions.py

It writes, deterministically (no random numbers; a fixed-start least-squares fit):

* ``data/mortality.csv``                   annual death probability of an *independent* person
                                           by 5-year age band and sex
* ``data/transitions.csv``                 annual non-death transition probabilities by band
* ``data/prevalence_2020.csv``             target (partial, full) prevalence by band, 2020
* ``data/state_mortality_multipliers.csv`` hazard multipliers by health state

and prints the fit quality. Only numpy, scipy and pandas are used.

Health states
-------------
0 independent (自理), 1 partially disabled (半失能), 2 fully disabled (失能), 3 dead.
Age bands start at 60, 65, ..., 95; band 95 is the open band 95+. Band index k = 0..7.

How the simulator turns the tables into hazards (and how this script does the same)
-----------------------------------------------------------------------------------
For a from-state i in band k the simulator has annual probabilities p_ij (j != i, death
included) and converts them to constant competing hazards::

    P_i = sum_j p_ij,   lambda_i = -ln(1 - P_i),   q_ij = lambda_i * p_ij / P_i

The annual death probability of state i is built from the independent one in
``mortality.csv`` by multiplying the *hazard*::

    h_0 = -ln(1 - q_indep),   p_i,dead = 1 - exp(-m_i * h_0)

with m = 1.0 / 1.7 / 3.3 for independent / partial / full (``state_mortality_multipliers.csv``).
This script builds exactly that generator matrix Q_k per band and uses it for every number
it prints, *after* rounding the tables to 4 significant digits, so the printed fit quality
is what the simulator will reproduce (up to Monte-Carlo noise).

Method
------
1. Mortality of independent people: Gompertz hazard per year,
   ``h(x) = A_sex * exp(B * (x - 60))``, evaluated at the band midpoint x = 62.5, ..., 97.5
   and turned into an annual probability q = 1 - exp(-h). One slope B for both sexes;
   A_male = 1.4 * A_female (assumption: men's mortality about 1.4x women's at every age).
   Two free parameters (A_female, B) are fitted (jointly with step 2) to these anchors from
   /work/shared/DATA-SOURCES.md (no verified Zhejiang life table was found):

   * population-average annual death probability (mixed over health states with the target
     prevalence, and over sexes with the model's own survivors of a 50/50 cohort at 60):
     65-69 about 1.25% (range 1.0-1.5%), 80-84 about 6% (5-7%), 90+ about 20% (15-25%;
     90+ = person-year weighted mix of bands 90 and 95);
   * remaining life expectancy at exact age 60, both sexes pooled (50/50 at 60), about 23
     years (22-24; Zhejiang life expectancy at birth is above 80, Hangzhou 2020 83.1).

   The life expectancy is computed from the same piecewise-constant multi-state chain as
   the simulator (cohort entering at 60 with the 60-64 target prevalence; band 95+ hazards
   held constant for ever).

2. State mortality multipliers on the hazard: partial 1.7x, full 3.3x the independent
   hazard. From CLHLS men 65-70 one-year death probabilities healthy .019, mild .033,
   severe .063 (Mathematical Problems in Engineering 2022, article 7980111): hazard ratios
   ln(1-.033)/ln(1-.019) = 1.75 and ln(1-.063)/ln(1-.019) = 3.39, rounded down to 1.7 and
   3.3. Held constant over age (assumption; in CLHLS the ratio falls somewhat at 80+).

3. Non-death transitions, the SAME for both sexes (assumption: no sex-specific Zhejiang data;
   sex enters only through mortality): 0->1 onset of partial disability, 0->2 direct onset
   of full disability, 1->0 recovery, 1->2 worsening, 2->1 partial recovery, 2->0 full
   recovery. Each annual probability is ``base * growth**k`` (k = band index); onset and
   worsening have growth >= 1, recovery growth <= 1 (recovery falls with age: Hou et al.
   2019, PMC6844588; CLHLS tables). The 12 parameters are fitted with
   ``scipy.optimize.least_squares`` (bounded, trust-region reflective) so that a
   continuous-time Markov chain for a cohort entering at exact age 60 with the 60-64 target
   prevalence, ageing through the bands with the piecewise-constant generator above,
   reproduces the target prevalence by band, evaluated at band midpoints and conditioned on
   being alive (both sexes pooled with the model's survivors). Residuals are relative errors
   of each of the 14 prevalence targets (bands 65..95; band 60 is the starting point and is
   checked at its midpoint too), plus weak log-scale priors pulling each parameter towards a
   plausible value (below) so the otherwise under-determined problem has a unique,
   sensible answer. Bounds (annual probability at 60-64 / growth per 5-year band):

   ===========  ============  ==========  ==============  =========
   transition   base bounds   base prior  growth bounds   prior
   ===========  ============  ==========  ==============  =========
   0->1         0.1%-3%       0.4%        1.0-2.5         1.5
   0->2         0.01%-0.5%    0.1%        1.0-2.5         1.5
   1->0         5%-25%        12%         0.6-0.95        0.85
   1->2         5%-30%        10%         1.0-1.6         1.15
   2->1         5%-40%        18%         0.6-0.92        0.85
   2->0         0.5%-10%      3%          0.5-0.90        0.80
   ===========  ============  ==========  ==============  =========

   The recovery growth caps (<= 0.95, 0.92, 0.90 per band) force recovery to fall with age;
   without them the fit keeps recovery from full disability flat over age, which contradicts
   CLHLS. In the final fit the caps for full->partial and full->independent are active.

   The priors are informed by CLHLS men 65-70 (healthy->severe .001, mild->severe .080,
   mild->healthy .211, severe->mild .311, severe->healthy .039), scaled down for onset
   because our disability definition is much narrower (see below).

4. Target prevalence of (partial, full) by band, used both as the fit target and as
   ``prevalence_2020.csv`` (the 2020 population's health mix). An assumption built from
   DATA-SOURCES: Zhejiang 2016 7.45% of registered 60+ disabled or partially disabled;
   Hangzhou 2017 full 1.75%, partial 3.84% of 60+; rising with age roughly in the ratios
   10.8 : 21.2 : 47.0 (60-69 : 70-79 : 80+) of the Chen et al. 2023 meta-analysis:
   60 (2.0%, 0.8%); 65 (2.8%, 1.1%); 70 (4.5%, 1.9%); 75 (7.5%, 3.2%); 80 (11.5%, 5.5%);
   85 (16%, 9%); 90 (20%, 14%); 95 (22%, 20%).

Sanity checks against CLHLS (printed at the end)
------------------------------------------------
CLHLS reports annual incidence of any ADL disability among 65+ of about 46.6-64.2 per 1,000
person-years (Li et al. 2019, PMC7973258) and a severe->healthy/mild recovery that falls
steeply with age. Those use a broad definition (any ADL limitation, 10-47% prevalence by
age); our states 1 and 2 are the narrow Zhejiang administrative definitions (7.45% of 60+),
so our onset must be far lower. The printed person-year weighted onset among independent
people 65+ comes out at about 25 per 1,000 a year, roughly half the CLHLS broad figure (the
prevalence dynamics need it: partial disability is left quickly by recovery, worsening and
death, so it must be entered often enough to reach the targets at 80+).

Confidence of every output: low. All numbers are assumptions anchored to the ranges above;
vary them through the CSVs.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.linalg import expm
from scipy.optimize import OptimizeResult, least_squares

# --------------------------------------------------------------------------------------
# Fixed inputs
# --------------------------------------------------------------------------------------
REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "data"

BANDS = np.arange(60, 100, 5)  # 60, 65, ..., 95 (95 = 95+)
NB = len(BANDS)
MID = BANDS + 2.5  # 62.5, ..., 97.5
WIDTH = 5.0
STATE_NAMES = ["independent", "partial", "full"]

# Target prevalence (partial, full) by band, fractions of the living.
TARGET_PARTIAL = np.array([0.020, 0.028, 0.045, 0.075, 0.115, 0.16, 0.20, 0.22])
TARGET_FULL = np.array([0.008, 0.011, 0.019, 0.032, 0.055, 0.09, 0.14, 0.20])
TARGET_MIX = np.column_stack([1 - TARGET_PARTIAL - TARGET_FULL, TARGET_PARTIAL, TARGET_FULL])

MULT = np.array([1.0, 1.7, 3.3])  # hazard multipliers independent / partial / full
MALE_TO_FEMALE = 1.4  # A_male / A_female
SEX_WEIGHT_AT_60 = {"male": 0.5, "female": 0.5}

# Mortality anchors: (target, tolerance used as residual scale)
DEATH_TARGETS = {"65": (0.0125, 0.0025), "80": (0.060, 0.010), "90+": (0.20, 0.05)}
E60_TARGET = (23.0, 1.0)

# Transitions: (from, to, base_lo, base_prior, base_hi, g_lo, g_prior, g_hi)
TRANSITIONS = [
    (0, 1, 0.001, 0.004, 0.03, 1.0, 1.5, 2.5),
    (0, 2, 0.0001, 0.001, 0.005, 1.0, 1.5, 2.5),
    (1, 0, 0.05, 0.12, 0.25, 0.6, 0.85, 0.95),
    (1, 2, 0.05, 0.10, 0.30, 1.0, 1.15, 1.6),
    (2, 1, 0.05, 0.18, 0.40, 0.6, 0.85, 0.92),
    (2, 0, 0.005, 0.03, 0.10, 0.5, 0.80, 0.90),
]
PRIOR_WEIGHT = 0.15  # weight of log(param/prior) residuals relative to prevalence residuals

SOURCE_MORT = (
    "Gompertz fit, see data/derive/fit_health_transitions.py; anchored to DATA-SOURCES "
    "mortality ranges (65-69 1-1.5%, 80-84 5-7%, 90+ 15-25%, e60 22-24, men 1.4x women)"
)
SOURCE_TRANS = (
    "CTMC least-squares fit to target prevalence, see data/derive/fit_health_transitions.py; "
    "priors from CLHLS (Math Probl Eng 2022 art. 7980111), same for both sexes"
)
SOURCE_PREV = (
    "assumption: Zhejiang 2016 7.45% disabled+partial of 60+; Hangzhou 2017 full 1.75% "
    "partial 3.84%; age gradient from Chen et al. 2023 meta-analysis (10.8:21.2:47.0)"
)
SOURCE_MULT = (
    "CLHLS men 65-70 death probs healthy .019 mild .033 severe .063 (Math Probl Eng 2022 "
    "art. 7980111) as hazard ratios 1.75 and 3.40, rounded down"
)


def sig4(x: float) -> float:
    """Round to 4 significant digits."""
    if x == 0 or not math.isfinite(x):
        return x
    return float(f"{x:.4g}")


# --------------------------------------------------------------------------------------
# Model pieces (mirror the simulator's conversion)
# --------------------------------------------------------------------------------------
def gompertz_q(a: float, b: float) -> np.ndarray:
    """Annual death probability of independent people at band midpoints."""
    return 1.0 - np.exp(-a * np.exp(b * (MID - 60.0)))


def state_death_probs(q_indep: np.ndarray) -> np.ndarray:
    """(NB, 3) annual death probabilities by state: hazard times multiplier."""
    h0 = -np.log1p(-q_indep)
    return 1.0 - np.exp(-np.outer(h0, MULT))


def transition_probs(params: np.ndarray) -> np.ndarray:
    """(NB, 3, 3) annual non-death transition probabilities (diagonal zero)."""
    p = np.zeros((NB, 3, 3))
    k = np.arange(NB)
    for t, (i, j, *_rest) in enumerate(TRANSITIONS):
        base, growth = params[2 * t], params[2 * t + 1]
        p[:, i, j] = base * growth**k
    return p


def generators(p_move: np.ndarray, p_die: np.ndarray) -> np.ndarray:
    """(NB, 4, 4) CTMC generators from annual probabilities (competing-risks conversion)."""
    q = np.zeros((NB, 4, 4))
    for k in range(NB):
        for i in range(3):
            probs = np.append(p_move[k, i].copy(), p_die[k, i])
            probs[i] = 0.0
            total = probs.sum()
            if total >= 1.0:
                raise ValueError(f"annual exit probability >= 1 in band {BANDS[k]} state {i}")
            lam = -math.log1p(-total)
            q[k, i, :] = lam * probs / total
            q[k, i, i] = -lam
    return q


def cohort(q: np.ndarray, start: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """Run a cohort from exact age 60.

    Returns (distribution over 4 states at each band midpoint (NB, 4),
    expected years alive spent in each band by state (NB, 3), life expectancy at 60).
    """
    at_mid = np.zeros((NB, 4))
    years = np.zeros((NB, 3))
    pi = np.append(start, 0.0)
    for k in range(NB):
        at_mid[k] = pi @ expm(q[k] * (WIDTH / 2))
        qt = q[k, :3, :3]
        inv = np.linalg.inv(qt)
        if k < NB - 1:
            e = expm(qt * WIDTH)
            years[k] = -pi[:3] @ inv @ (np.eye(3) - e)
            pi = pi @ expm(q[k] * WIDTH)
        else:  # open band 95+: constant hazards for ever
            years[k] = -pi[:3] @ inv
    return at_mid, years, float(years.sum())


def start_distribution() -> np.ndarray:
    return np.array([1 - TARGET_PARTIAL[0] - TARGET_FULL[0], TARGET_PARTIAL[0], TARGET_FULL[0]])


def evaluate(a_f: float, b: float, params: np.ndarray, q_tables: dict | None = None) -> dict:
    """Everything the fit and the report need. q_tables overrides the Gompertz values."""
    p_move = transition_probs(params) if q_tables is None else q_tables["move"]
    out: dict = {"sex": {}}
    start = start_distribution()
    for sex, a in (("male", a_f * MALE_TO_FEMALE), ("female", a_f)):
        q_ind = gompertz_q(a, b) if q_tables is None else q_tables[sex]
        p_die = state_death_probs(q_ind)
        gen = generators(p_move, p_die)
        at_mid, years, e60 = cohort(gen, start)
        alive = at_mid[:, :3].sum(axis=1)
        prev = at_mid[:, :3] / alive[:, None]
        avg_death = (TARGET_MIX * p_die).sum(axis=1)
        out["sex"][sex] = {
            "q_ind": q_ind,
            "p_die": p_die,
            "alive": alive,
            "prev": prev,
            "years": years,
            "e60": e60,
            "avg_death": avg_death,
            "gen": gen,
        }
    # pool sexes: weight by survivors of a 50/50 cohort at 60
    w = {s: SEX_WEIGHT_AT_60[s] * out["sex"][s]["alive"] for s in out["sex"]}
    wsum = sum(w.values())
    out["prev"] = sum(w[s][:, None] * out["sex"][s]["prev"] for s in w) / wsum[:, None]
    out["avg_death"] = sum(w[s] * out["sex"][s]["avg_death"] for s in w) / wsum
    py = {s: SEX_WEIGHT_AT_60[s] * out["sex"][s]["years"].sum(axis=1) for s in w}
    py_tot = sum(py.values())
    out["py"] = py_tot
    d90 = sum(py[s][6:] * out["sex"][s]["avg_death"][6:] for s in py).sum() / py_tot[6:].sum()
    out["death_90plus"] = float(d90)
    out["e60"] = sum(SEX_WEIGHT_AT_60[s] * out["sex"][s]["e60"] for s in w)
    out["p_move"] = p_move
    return out


# --------------------------------------------------------------------------------------
# Fit
# --------------------------------------------------------------------------------------
def unpack(x: np.ndarray) -> tuple[float, float, np.ndarray]:
    return float(np.exp(x[0])), float(x[1]), x[2:]


def residuals(x: np.ndarray) -> np.ndarray:
    a_f, b, params = unpack(x)
    try:
        ev = evaluate(a_f, b, params)
    except ValueError:
        return np.full(16 + 4 + 12, 1e3)
    r_prev = np.concatenate(
        [
            (ev["prev"][:, 1] - TARGET_PARTIAL) / TARGET_PARTIAL,
            (ev["prev"][:, 2] - TARGET_FULL) / TARGET_FULL,
        ]
    )
    r_mort = [
        (ev["avg_death"][1] - DEATH_TARGETS["65"][0]) / DEATH_TARGETS["65"][1],
        (ev["avg_death"][4] - DEATH_TARGETS["80"][0]) / DEATH_TARGETS["80"][1],
        (ev["death_90plus"] - DEATH_TARGETS["90+"][0]) / DEATH_TARGETS["90+"][1],
        (ev["e60"] - E60_TARGET[0]) / E60_TARGET[1],
    ]
    priors = []
    for t, (_i, _j, _blo, bprior, _bhi, _glo, gprior, _ghi) in enumerate(TRANSITIONS):
        priors.append(PRIOR_WEIGHT * math.log(params[2 * t] / bprior))
        priors.append(PRIOR_WEIGHT * math.log(params[2 * t + 1] / gprior))
    return np.concatenate([r_prev, 0.3 * np.asarray(r_mort), priors])


def fit() -> tuple[float, float, np.ndarray, OptimizeResult]:
    x0 = [math.log(0.004), 0.10]
    lo = [math.log(0.0005), 0.05]
    hi = [math.log(0.03), 0.16]
    for _i, _j, blo, bprior, bhi, glo, gprior, ghi in TRANSITIONS:
        x0 += [bprior, gprior]
        lo += [blo, glo]
        hi += [bhi, ghi]
    res = least_squares(
        residuals,
        np.array(x0),
        bounds=(np.array(lo), np.array(hi)),
        method="trf",
        x_scale="jac",
        xtol=1e-12,
        ftol=1e-12,
        max_nfev=4000,
    )
    a_f, b, params = unpack(res.x)
    return a_f, b, params, res


# --------------------------------------------------------------------------------------
# Output
# --------------------------------------------------------------------------------------
def write_tables(a_f: float, b: float, params: np.ndarray) -> dict:
    rows = []
    q_tables: dict = {}
    for sex, a in (("male", a_f * MALE_TO_FEMALE), ("female", a_f)):
        q = np.array([sig4(v) for v in gompertz_q(a, b)])
        q_tables[sex] = q
    for k, band in enumerate(BANDS):
        for sex in ("male", "female"):
            rows.append(
                {
                    "age_band_start": int(band),
                    "sex": sex,
                    "annual_death_probability_independent": q_tables[sex][k],
                    "source": SOURCE_MORT,
                    "confidence": "low",
                }
            )
    pd.DataFrame(rows).to_csv(DATA / "mortality.csv", index=False)

    p_move = transition_probs(params)
    p_rounded = np.zeros_like(p_move)
    rows = []
    for k, band in enumerate(BANDS):
        for i, j, *_ in TRANSITIONS:
            v = sig4(float(p_move[k, i, j]))
            p_rounded[k, i, j] = v
            rows.append(
                {
                    "age_band_start": int(band),
                    "from_state": STATE_NAMES[i],
                    "to_state": STATE_NAMES[j],
                    "annual_probability": v,
                    "source": SOURCE_TRANS,
                    "confidence": "low",
                }
            )
    pd.DataFrame(rows).to_csv(DATA / "transitions.csv", index=False)
    q_tables["move"] = p_rounded

    pd.DataFrame(
        {
            "age_band_start": BANDS,
            "partial_share": TARGET_PARTIAL,
            "full_share": TARGET_FULL,
            "source": SOURCE_PREV,
            "confidence": "low",
        }
    ).to_csv(DATA / "prevalence_2020.csv", index=False)

    pd.DataFrame(
        {
            "state": STATE_NAMES,
            "hazard_multiplier": MULT,
            "source": SOURCE_MULT,
            "confidence": "low",
        }
    ).to_csv(DATA / "state_mortality_multipliers.csv", index=False)
    return q_tables


def report(a_f: float, b: float, params: np.ndarray, ev: dict, res: OptimizeResult) -> None:
    pct = 100.0
    print("Gompertz independent-person hazard h(x) = A * exp(B (x-60)) per year")
    print(f"  B = {b:.4f}   A_female = {a_f:.5f}   A_male = {a_f * MALE_TO_FEMALE:.5f}")
    print(f"  least_squares: status {res.status}, cost {res.cost:.4f}, nfev {res.nfev}")
    print()
    print("Transition parameters: annual probability = base * growth**k (k = band index)")
    for t, (i, j, *_r) in enumerate(TRANSITIONS):
        print(
            f"  {STATE_NAMES[i]:>11s} -> {STATE_NAMES[j]:<11s} base {params[2 * t]:.4f}"
            f"  growth {params[2 * t + 1]:.3f}"
        )
    print()
    print("Fit quality (from the rounded CSV tables; cohort from exact age 60, both sexes pooled,")
    print("prevalence among the living at band midpoints, %)")
    hdr = (
        f"{'band':>5s} | {'partial tgt':>11s} {'fit':>6s} | {'full tgt':>8s} {'fit':>6s} |"
        f" {'fit M':>6s} {'fit F':>6s} (partial+full by sex)"
    )
    print(hdr)
    print("-" * len(hdr))
    for k, band in enumerate(BANDS):
        m = ev["sex"]["male"]["prev"][k, 1:].sum() * pct
        f = ev["sex"]["female"]["prev"][k, 1:].sum() * pct
        lab = f"{band}+" if band == 95 else str(band)
        print(
            f"{lab:>5s} | {TARGET_PARTIAL[k] * pct:11.2f} {ev['prev'][k, 1] * pct:6.2f} |"
            f" {TARGET_FULL[k] * pct:8.2f} {ev['prev'][k, 2] * pct:6.2f} | {m:6.2f} {f:6.2f}"
        )
    print()
    print("Annual death probabilities (%): independent by sex, and population average")
    print("(mixed over states with the target prevalence; pooled over sexes by survivors)")
    hdr = (
        f"{'band':>5s} | {'indep M':>7s} {'indep F':>7s} | {'avg M':>6s} {'avg F':>6s}"
        f" {'avg all':>7s} {'M/F':>5s}"
    )
    print(hdr)
    print("-" * len(hdr))
    for k, band in enumerate(BANDS):
        sm, sf = ev["sex"]["male"], ev["sex"]["female"]
        lab = f"{band}+" if band == 95 else str(band)
        print(
            f"{lab:>5s} | {sm['q_ind'][k] * pct:7.3f} {sf['q_ind'][k] * pct:7.3f} |"
            f" {sm['avg_death'][k] * pct:6.2f} {sf['avg_death'][k] * pct:6.2f}"
            f" {ev['avg_death'][k] * pct:7.2f} {sm['avg_death'][k] / sf['avg_death'][k]:5.2f}"
        )
    print(
        f"  90+ (person-year weighted bands 90 and 95+): {ev['death_90plus'] * pct:.2f}%"
        "   targets: 65-69 1.0-1.5, 80-84 5-7, 90+ 15-25"
    )
    print()
    em, ef = ev["sex"]["male"]["e60"], ev["sex"]["female"]["e60"]
    print("Life expectancy at exact age 60 (years):")
    print(f"  men {em:.2f}   women {ef:.2f}   pooled (50/50 at 60) {ev['e60']:.2f}   target 22-24")
    for sex in ("male", "female"):
        yrs = ev["sex"][sex]["years"]
        tot = yrs.sum()
        print(
            f"  {sex:6s}: independent {yrs[:, 0].sum():.2f}, partial {yrs[:, 1].sum():.2f},"
            f" full {yrs[:, 2].sum():.2f}  (disability-free share {yrs[:, 0].sum() / tot:.1%})"
        )
    print()
    print("CLHLS sanity checks (broad CLHLS definitions; ours is narrower):")
    for sex in ("male", "female"):
        yrs = ev["sex"][sex]["years"]
        gen = ev["sex"][sex]["gen"]
        pi65 = np.append(start_distribution(), 0.0) @ expm(gen[0] * WIDTH)
        s65 = pi65[:3].sum()
        e65 = yrs[1:].sum() / s65
        free65 = yrs[1:, 0].sum() / s65
        # e65 for comparison with CLHLS (16.5 total, 86.3% disability-free)
        print(
            f"  {sex:6s} e65 {e65:.2f} years, disability-free {free65:.2f} ({free65 / e65:.1%})"
            "   [CLHLS: 16.5, 14.27 = 86.3%]"
        )
    # person-year weighted onset of any disability among independent people 65+
    pm = ev["p_move"]
    py_ind = sum(SEX_WEIGHT_AT_60[s] * ev["sex"][s]["years"][1:, 0] for s in SEX_WEIGHT_AT_60)
    onset = (pm[1:, 0, 1] + pm[1:, 0, 2]) @ py_ind / py_ind.sum()
    print(
        f"  annual onset of any disability, independent 65+ (person-year weighted): "
        f"{onset * 1000:.1f} per 1,000   [CLHLS broad: 46.6-64.2]"
    )
    print(
        "  recovery full->any better by band (%): "
        + " ".join(f"{(pm[k, 2, 0] + pm[k, 2, 1]) * pct:.1f}" for k in range(NB))
        + "   [CLHLS men 65-70 severe->better .35; falls steeply with age]"
    )
    print(
        "  recovery partial->independent by band (%): "
        + " ".join(f"{pm[k, 1, 0] * pct:.1f}" for k in range(NB))
        + "   [CLHLS men 65-70 mild->healthy .211]"
    )


def main() -> None:
    a_f, b, params, res = fit()
    q_tables = write_tables(a_f, b, params)
    ev = evaluate(a_f, b, params, q_tables=q_tables)  # diagnostics from the rounded tables
    report(a_f, b, params, ev, res)
    print()
    print("Wrote:")
    for name in (
        "mortality.csv",
        "transitions.csv",
        "prevalence_2020.csv",
        "state_mortality_multipliers.csv",
    ):
        print(f"  {(DATA / name).relative_to(REPO)}")


if __name__ == "__main__":
    main()
