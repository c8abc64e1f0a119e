"""Model choice by rolling-origin backtest on regular periods (weeks, months).

This is the engine under :func:`lamplighter.planning.forecast.forecast_demand` (which feeds
it weeks) and the benchmarks (months for carparts, weeks for orange juice). One
statsforecast call per backtest for all series and all candidates; scores, combination and
choice are vectorised pandas.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd
from statsforecast import StatsForecast

from lamplighter.planning.forecast.classes import classify
from lamplighter.planning.forecast.config import ForecastConfig
from lamplighter.planning.forecast.drivers import driver_columns, estimate_lift, lift
from lamplighter.planning.forecast.models import COMBO, MEDIAN, X_SUFFIX, candidate_models, combo_members, families
from lamplighter.planning.forecast.reconcile import aggregate_forecast, choose_weight, top_down_factor


@dataclass(frozen=True, slots=True)
class PeriodForecast:
    """Mean forecasts per period and what the choice was based on."""

    mean: pd.DataFrame
    """unique_id, step (1..h), mean, model."""
    backtest: pd.DataFrame
    """The chosen model in the backtest: unique_id, cutoff, step, y, fc.

    ``fc`` is NaN in a window where the chosen model had no forecast (a member too short
    for its window at an early origin): missing, not zero demand, so the level
    correction, the top-down step and the quantiles leave that window out."""
    choice: pd.DataFrame
    """unique_id, demand_class, adi, cv2, model."""
    scores: pd.DataFrame
    """demand_class, model, wape (of per-window horizon totals), bias, chosen."""
    reconciliation: pd.DataFrame
    """Top-down weights tried on the backtest: weight, wape, bias, loss, chosen, final_factor."""


def forecast_periods(
    panel: pd.DataFrame,
    h: int,
    *,
    season_length: int = 1,
    config: ForecastConfig | None = None,
    x: pd.DataFrame | None = None,
    aggregate: np.ndarray | None = None,
) -> PeriodForecast:
    """Choose a model per class (or SKU) by backtest on ``panel`` and forecast ``h`` periods.

    ``panel``: unique_id, t (int, consecutive, every series ending at the same t), y >= 0.
    Each series must hold at least ``windows * step + horizon`` periods (pad with zeros).
    ``x``: optional drivers unique_id, t, <columns> for every history period AND the ``h``
    future periods (known future values: an ad plan, a promotion calendar); each candidate
    then also runs as a ``+X`` twin (see :mod:`.drivers`) and the backtest decides.
    ``aggregate``: the catalogue total per period ``t`` (0..last) that the top-down
    reconciliation forecasts (:mod:`.reconcile`); default: the sum of ``panel``'s series.
    """
    config = config or ForecastConfig()
    classes = classify(panel)
    with_x = x is not None and bool(driver_columns(x))
    class_of = classes.set_index("unique_id")["demand_class"]
    cv = backtest_all(panel, season_length, config, x if with_x else None, class_of)
    cv = add_combo(cv, classes, season_length, with_x)
    scores = score_models(cv, classes, config.score, config.score_windows)
    choice = choose(scores, cv, classes, config.selection, season_length, with_x)
    final = _forecast_window(panel, h, season_length, config, x if with_x else None, class_of)
    final = add_combo(final, classes, season_length, with_x)
    mean = pick(final, choice).rename(columns={"fc": "mean"})
    # The final origin is the longest, so a chosen model forecasts there; should it not,
    # the class's median of the members that did is the fallback (0 only if none did).
    fallback = np.nan_to_num(np.clip(final[MEDIAN].to_numpy(dtype="float64"), 0, None))
    mean["mean"] = mean["mean"].fillna(pd.Series(fallback, index=mean.index))
    mean["step"] = mean.groupby("unique_id").cumcount() + 1
    backtest = pick(cv, choice)
    if config.score_windows == "common-all":
        # Windows not every candidate could forecast were left out of the scores; they are
        # then missing for the level correction, the top-down step and the quantiles too.
        with_class = cv.merge(classes[["unique_id", "demand_class"]], on="unique_id", how="left")
        shared = common_mask(with_class, _model_columns(cv))
        backtest.loc[~shared, "fc"] = np.nan
    top_down = 1.0
    reconciliation = pd.DataFrame(columns=["weight", "wape", "bias", "loss", "chosen", "final_factor"])
    if config.reconcile:
        top_down, reconciliation, bt_factor = _reconcile(backtest, mean, panel, aggregate, h, config)
        backtest["fc"] *= backtest["cutoff"].map(bt_factor).to_numpy(dtype="float64")
        mean["mean"] *= top_down
    factors = (
        level_corrections(backtest, choice, config.backtest_horizon_weeks, config.level_target)
        if config.level_correction
        else {}
    )
    scale = choice["demand_class"].map(factors).fillna(1.0).to_numpy()
    per_id = pd.Series(scale, index=choice["unique_id"].to_numpy())
    mean["mean"] *= mean["unique_id"].map(per_id).to_numpy()
    backtest["fc"] *= backtest["unique_id"].map(per_id).to_numpy()
    choice = choice.assign(level_factor=scale * top_down)
    backtest["step"] = backtest.groupby(["unique_id", "cutoff"]).cumcount() + 1
    return PeriodForecast(
        mean=mean[["unique_id", "step", "mean", "model"]],
        backtest=backtest[["unique_id", "cutoff", "step", "y", "fc"]],
        choice=choice,
        scores=scores,
        reconciliation=reconciliation,
    )


def _reconcile(
    backtest: pd.DataFrame,
    mean: pd.DataFrame,
    panel: pd.DataFrame,
    aggregate: np.ndarray | None,
    h: int,
    config: ForecastConfig,
) -> tuple[float, pd.DataFrame, dict[int, float]]:
    """Top-down factor of the final forecast, the weights' backtest scores, and each window's factor.

    Only (SKU, origin) windows the chosen model forecast take part. At an origin where some
    SKUs have no forecast, the default aggregate is the sum of the SKUs that have one (so
    both sides of the factor cover the same SKUs); a caller's ``aggregate`` cannot be split,
    so such an origin gets factor 1.
    """
    h_bt = config.backtest_horizon_weeks
    periods = range(int(panel["t"].max()) + 1)
    catalogue = (
        aggregate
        if aggregate is not None
        else panel.groupby("t")["y"].sum().reindex(periods, fill_value=0.0).to_numpy(dtype="float64")
    )
    totals = _forecast_windows(backtest)
    n_series = panel["unique_id"].nunique()
    raw: dict[int, float] = {}
    for c in sorted(int(c) for c in backtest["cutoff"].unique()):
        here = totals[totals["cutoff"] == c]
        if len(here) == n_series:
            series = catalogue
        elif aggregate is not None or here.empty:
            raw[c] = 1.0
            continue
        else:
            covered = panel[panel["unique_id"].isin(here["unique_id"])]
            series = covered.groupby("t")["y"].sum().reindex(periods, fill_value=0.0).to_numpy(dtype="float64")
        raw[c] = top_down_factor(float(aggregate_forecast(series, [c], h_bt)[c].sum()), float(here["fc"].sum()))
    weight, scores = choose_weight(totals, raw, config.reconcile_target)
    last = len(catalogue) - 1
    final = top_down_factor(float(aggregate_forecast(catalogue, [last], h)[last].sum()), float(mean["mean"].sum()))
    scores = scores.assign(chosen=scores["weight"] == weight, final_factor=final)
    return final**weight, scores, {c: f**weight for c, f in raw.items()}


def _forecast_windows(backtest: pd.DataFrame) -> pd.DataFrame:
    """unique_id, cutoff, y, fc: units of each (SKU, origin) window the chosen model forecast.

    A window with any period unforecast is left out: its total would mix demand with nothing.
    """
    keys = ["unique_id", "cutoff"]
    totals = backtest.groupby(keys, sort=False)[["y", "fc"]].sum().reset_index()
    missing = backtest["fc"].isna().groupby([backtest[k] for k in keys], sort=False).any().to_numpy()
    return totals[~missing].reset_index(drop=True)


def _fit_by_family(
    frame: pd.DataFrame, h: int, season_length: int, config: ForecastConfig, class_of: pd.Series
) -> pd.DataFrame:
    """One statsforecast call per family: a series is only fitted with its own class's members.

    Columns of models outside a series' family are NaN (never chosen for it).
    """
    members = combo_members(season_length)
    cls = frame["unique_id"].map(class_of)
    outputs = []
    for names in {members[c] for c in members}:
        classes = [c for c in members if members[c] == names]
        part = frame[cls.isin(classes).to_numpy()]
        if part.empty:
            continue
        engine = StatsForecast(models=candidate_models(season_length, names), freq=1, n_jobs=config.n_jobs)
        out = engine.forecast(df=part, h=h)
        outputs.append(out.reset_index(drop=True) if "unique_id" in out.columns else out.reset_index())
    merged = pd.concat(outputs, ignore_index=True)
    models = [m.alias for m in candidate_models(season_length)]
    ordered = merged.reindex(columns=["unique_id", "ds", *models])
    return pd.DataFrame(ordered.sort_values(["unique_id", "ds"], ignore_index=True))


def backtest_all(
    panel: pd.DataFrame, season_length: int, config: ForecastConfig, x: pd.DataFrame | None, class_of: pd.Series
) -> pd.DataFrame:
    """Every candidate at every rolling origin: unique_id, ds, cutoff, y, <model columns>.

    One statsforecast call per origin for all series (a loop over a handful of origins, not
    over SKUs): the drivers' lift must be re-estimated on each origin's past only.
    """
    h, step = config.backtest_horizon_weeks, config.backtest_step_weeks
    last = int(panel["t"].max())
    frames = []
    for k in reversed(range(config.backtest_windows)):
        cutoff = last - h - k * step
        train = panel[panel["t"] <= cutoff]
        fc = _forecast_window(train, h, season_length, config, x, class_of)
        actual = panel[(panel["t"] > cutoff) & (panel["t"] <= cutoff + h)].rename(columns={"t": "ds"})
        fc = fc.merge(actual[["unique_id", "ds", "y"]], on=["unique_id", "ds"], how="left")
        frames.append(fc.assign(cutoff=cutoff))
    cv = pd.concat(frames, ignore_index=True)
    return cv[["unique_id", "ds", "cutoff", "y", *_model_columns(cv)]]


def _forecast_window(
    train: pd.DataFrame,
    h: int,
    season_length: int,
    config: ForecastConfig,
    x: pd.DataFrame | None,
    class_of: pd.Series,
) -> pd.DataFrame:
    frame = train.rename(columns={"t": "ds"})[["unique_id", "ds", "y"]]
    out = _fit_by_family(frame, h, season_length, config, class_of)
    if x is None:
        return out
    cols = driver_columns(x)
    past = train.merge(x, on=["unique_id", "t"], how="left").fillna({c: 0.0 for c in cols})
    beta = estimate_lift(past[["unique_id", "y", *cols]])
    center = past[cols].mean().to_numpy()
    adjusted = frame.assign(y=frame["y"].to_numpy() / lift(past[cols], beta, center))
    twin = _fit_by_family(adjusted, h, season_length, config, class_of)
    future = (
        twin[["unique_id", "ds"]]
        .merge(x.rename(columns={"t": "ds"}), on=["unique_id", "ds"], how="left")
        .fillna({c: 0.0 for c in cols})
    )
    models = _model_columns(twin)
    twin[models] = twin[models].to_numpy() * lift(future[cols], beta, center)[:, None]
    return out.merge(twin.rename(columns={m: m + X_SUFFIX for m in models}), on=["unique_id", "ds"])


def add_combo(frame: pd.DataFrame, classes: pd.DataFrame, season_length: int, with_x: bool = False) -> pd.DataFrame:
    """Add ``Combo`` and ``Median`` (and their ``+X``): mean and median of each row's class family."""
    cls = frame["unique_id"].map(classes.set_index("unique_id")["demand_class"])
    added = {}
    for suffix in ("", X_SUFFIX) if with_x else ("",):
        combo = np.zeros(len(frame))
        median = np.zeros(len(frame))
        for name, members in combo_members(season_length).items():
            rows = (cls == name).to_numpy()
            if not rows.any():
                continue
            values = np.clip(frame.loc[rows, [m + suffix for m in members]].to_numpy(dtype="float64"), 0, None)
            # A member that could not fit a window (too short for its season) is left out.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", RuntimeWarning)
                combo[rows] = np.nanmean(values, axis=1)
                median[rows] = np.nanmedian(values, axis=1)
        added[COMBO + suffix] = combo
        added[MEDIAN + suffix] = median
    return frame.assign(**added)


def _model_columns(frame: pd.DataFrame) -> list[str]:
    return [c for c in frame.columns if c not in ("unique_id", "ds", "cutoff", "y")]


def window_totals(cv: pd.DataFrame) -> pd.DataFrame:
    """Sum of actuals and of each model over each (SKU, origin) window."""
    cols = ["y", *_model_columns(cv)]
    return cv.groupby(["unique_id", "cutoff"], sort=False)[cols].sum(min_count=1).clip(lower=0).reset_index()


def score_models(cv: pd.DataFrame, classes: pd.DataFrame, score: str = "total", windows: str = "own") -> pd.DataFrame:
    """WAPE and bias per class and model, of window totals (``total``) or of each period (``period``).

    ``windows="common"``: within a class, only rows that every model with a forecast in
    that class forecast count (like for like); ``"own"``: each model on the rows it forecast.
    """
    if score == "period":
        cols = ["unique_id", "y", *_model_columns(cv)]
        totals = cv[cols].fillna({"y": 0.0}).merge(classes[["unique_id", "demand_class"]], on="unique_id")
    else:
        totals = window_totals(cv).merge(classes[["unique_id", "demand_class"]], on="unique_id")
    models = _model_columns(cv)
    if windows in ("common", "common-all"):
        totals = _common_rows(totals, models)
    err = totals[models].sub(totals["y"], axis=0)
    # Each model is divided by the units of the windows it forecast: a member that could not
    # fit the early origins (SeasonalMA needs two seasons) must not look better for it.
    units = pd.DataFrame(
        np.where(err.notna().to_numpy(), totals[["y"]].to_numpy(), np.nan), columns=models, index=totals.index
    )
    parts = pd.concat(
        [totals[["demand_class"]], err.abs().add_prefix("abs_"), err.add_prefix("err_"), units.add_prefix("units_")],
        axis=1,
    ).groupby("demand_class")
    summed = parts.sum(min_count=1)
    rows = []
    for cls, row in summed.iterrows():
        for m in models:
            if pd.isna(row[f"abs_{m}"]):
                continue  # not in this class's family
            units_m = max(float(row[f"units_{m}"]), 1e-9)
            rows.append(
                {"demand_class": cls, "model": m, "wape": row[f"abs_{m}"] / units_m, "bias": row[f"err_{m}"] / units_m}
            )
    return pd.DataFrame(rows)


def _common_rows(totals: pd.DataFrame, models: list[str]) -> pd.DataFrame:
    """Blank, per class, every model on rows where any model of that class has no forecast.

    A class whose models share no row at all keeps every row (nothing to compare on).
    """
    out = totals.copy()
    common = common_mask(totals, models)
    for _, idx in totals.groupby("demand_class").groups.items():
        block = totals.loc[idx, models]
        scored = block.columns[block.notna().any()]
        out.loc[idx[~common[totals.index.get_indexer(idx)]], scored] = np.nan
    return out


def common_mask(frame: pd.DataFrame, models: list[str]) -> np.ndarray:
    """Per row: did every model with a forecast anywhere in the row's class forecast this row?

    ``frame`` has a ``demand_class`` column. A class whose models share no row at all is
    all True (nothing to compare on, so nothing is left out).
    """
    mask = np.ones(len(frame), dtype=bool)
    for _, idx in frame.groupby("demand_class").groups.items():
        block = frame.loc[idx, models]
        scored = block.columns[block.notna().any()]
        common = block[scored].notna().all(axis=1).to_numpy()
        if common.any():
            mask[frame.index.get_indexer(idx)] = common
    return mask


def choose(
    scores: pd.DataFrame,
    cv: pd.DataFrame,
    classes: pd.DataFrame,
    selection: str,
    season_length: int,
    with_x: bool = False,
) -> pd.DataFrame:
    """The model each SKU uses: best WAPE within its class family (or per SKU)."""
    allowed = families(season_length, with_x)
    ok = scores[[m in allowed[c] for c, m in zip(scores["demand_class"], scores["model"], strict=True)]]
    best = ok.sort_values("wape").drop_duplicates("demand_class").set_index("demand_class")["model"]
    choice = classes[["unique_id", "demand_class", "adi", "cv2"]].copy()
    choice["model"] = choice["demand_class"].map(best).fillna(COMBO)
    if selection == "sku":
        totals = window_totals(cv)
        models = _model_columns(cv)
        err = totals[models].sub(totals["y"], axis=0).abs().assign(unique_id=totals["unique_id"])
        # Mean over the windows each model forecast: a window it missed is no error of 0.
        per_sku = err.groupby("unique_id").mean()
        allowed_mask = np.array(
            [
                [m in allowed[c] for m in models]
                for c in choice.set_index("unique_id").loc[per_sku.index, "demand_class"]
            ]
        )
        values = np.where(allowed_mask, per_sku[models].to_numpy(), np.inf)
        best_sku = pd.Series(np.array(models)[values.argmin(axis=1)], index=per_sku.index)
        choice["model"] = choice["unique_id"].map(best_sku).fillna(choice["model"])
    return choice.reset_index(drop=True)


def pick(frame: pd.DataFrame, choice: pd.DataFrame) -> pd.DataFrame:
    """Each row's value from the column of its SKU's chosen model, as ``fc`` (>= 0).

    NaN stays NaN: the model had no forecast there (too short a history for it), which is
    missing evidence, not a forecast of 0 units.
    """
    model = frame["unique_id"].map(choice.set_index("unique_id")["model"])
    columns = _model_columns(frame)
    idx = pd.Index(columns).get_indexer(pd.Index(model.to_numpy()))
    values = frame[columns].to_numpy(dtype="float64")[np.arange(len(frame)), idx]
    keep = [c for c in ("unique_id", "ds", "cutoff", "y") if c in frame.columns]
    out = frame[keep].copy()
    out["fc"] = np.clip(values, 0, None)
    out["model"] = model.to_numpy()
    return out


MAX_LEVEL_FACTOR = 2.0


def level_corrections(
    backtest: pd.DataFrame, choice: pd.DataFrame, horizon: int, target: str = "wape"
) -> dict[str, float]:
    """Per class, a multiplicative correction of the chosen model's level, where it earns its place.

    A class whose backtest totals are biased (demand dying out, a season building up) gets
    its forecasts scaled by actual/forecast units -- but only if doing so at each origin with
    the factor from EARLIER origins (whose horizons ended before it) lowered the error of
    totals at the later origins (nested, so the check never sees its own answer). Windows
    the chosen model did not forecast (``fc`` NaN) are left out, not read as 0 units. Bounded to
    [1/2, 2]. ``target``: ``"wape"`` asks for a lower sum of absolute errors of SKU totals,
    ``"bias"`` for a smaller absolute bias of the class total.
    """
    totals = _forecast_windows(backtest).merge(choice[["unique_id", "demand_class"]], on="unique_id")
    factors: dict[str, float] = {}
    for cls, rows in totals.groupby("demand_class"):
        by_cut = rows.groupby("cutoff")[["y", "fc"]].sum()
        plain = corrected = 0.0
        for cutoff in by_cut.index:
            earlier = by_cut[by_cut.index + horizon <= cutoff]
            if earlier.empty or earlier["fc"].sum() <= 0:
                continue
            factor = float(np.clip(earlier["y"].sum() / earlier["fc"].sum(), 1 / MAX_LEVEL_FACTOR, MAX_LEVEL_FACTOR))
            here = rows[rows["cutoff"] == cutoff]
            if target == "bias":
                plain += float((here["fc"] - here["y"]).sum())
                corrected += float((here["fc"] * factor - here["y"]).sum())
            else:
                plain += float(np.abs(here["fc"] - here["y"]).sum())
                corrected += float(np.abs(here["fc"] * factor - here["y"]).sum())
        if abs(corrected) < abs(plain) and by_cut["fc"].sum() > 0:
            factors[str(cls)] = float(
                np.clip(by_cut["y"].sum() / by_cut["fc"].sum(), 1 / MAX_LEVEL_FACTOR, MAX_LEVEL_FACTOR)
            )
    return factors
