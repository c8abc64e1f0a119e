"""Options of the forecaster, in one frozen dataclass."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

DEFAULT_LEVELS: tuple[float, ...] = (0.5, 0.9, 0.95, 0.99)


@dataclass(frozen=True, slots=True)
class ForecastConfig:
    """What the forecaster may do; defaults are the ones the benchmarks measure.

    - ``levels``: quantile levels of the ``daily`` frame (columns ``q50``, ``q90``, ...).
    - ``backtest_windows`` / ``backtest_step_weeks`` / ``backtest_horizon_weeks``: rolling
      origins inside the history used to choose models and calibrate quantiles (the last
      window ends at the cutoff; nothing after the cutoff is ever seen).
    - ``selection``: ``"class"`` chooses one model per demand class (robust with few
      windows), ``"sku"`` per SKU.
    - ``score``: ``"total"`` ranks models by WAPE of each window's horizon total (what orders
      depend on), ``"period"`` by WAPE of each period (when timing matters, e.g. promotions).
    - ``score_windows``: which backtest windows a class's candidates are scored on:
      ``"own"`` each on the windows it forecast (a member too short for an early origin is
      scored on the later ones only), ``"common"`` all on the windows every one of them
      forecast (like for like); ``"common-all"`` as ``"common"``, and the windows left
      out of the scores are left out of the level correction, the top-down step and the
      quantiles too (treated as missing).
    - ``closed_weekdays``: weekdays (0 = Monday) the shop never trades; None = detect
      (a weekday with no trade at all on >= 90% of its dates).
    - ``closed_dates``: known future closed days (bank holidays): forecast 0 there.
    - ``outlier_factor``: in the fit, a day's units above ``outlier_factor`` x the SKU's
      95th percentile of non-zero days are capped to that level (0 disables). 2.0 was
      chosen on Online Retail origins 2011-03-19..05-14, before any benchmark origin
      (horizon-total WAPE / 28-day average: 0.933 at 2.0, 0.950 at 2.5, 0.960 at 3.0,
      1.008 uncapped; bias -2.3% at 2.0).
    - ``outlier_uplift``: give the units the cap removed back to each class, spread in
      proportion to its SKUs' forecasts. Off: on the early Online Retail origins it
      over-corrected (bias +6.7%, WAPE ratio 0.985 against 0.933 without).
    - ``level_correction``: scale a class's forecasts by its backtest actual/forecast units
      where a nested check on earlier origins shows that this lowers the error.
    - ``level_target``: what the nested check must improve: ``"wape"`` (sum of absolute
      errors of SKU totals) or ``"bias"`` (absolute bias of the class total).
    - ``reconcile``: top-down level reconciliation (:mod:`.reconcile`): the catalogue total
      is forecast as one series and every forecast scaled by (aggregate / sum of SKU
      forecasts) ** weight, the weight (0, 0.5, 1) chosen on the backtest windows by
      ``reconcile_target`` (``"wape"``, ``"bias"`` or ``"wape+bias"``, as in
      :func:`.reconcile.choose_weight`).
    - ``acceleration``: raise forecasts of SKUs whose recent weeks outrun their forecast.
    - ``n_jobs``: statsforecast processes (1 or 2 on a small machine).
    """

    levels: tuple[float, ...] = DEFAULT_LEVELS
    backtest_windows: int = 3
    backtest_step_weeks: int = 4
    backtest_horizon_weeks: int = 4
    selection: str = "class"
    score: str = "total"
    score_windows: str = "own"
    closed_weekdays: tuple[int, ...] | None = None
    closed_dates: tuple[date, ...] = field(default_factory=tuple)
    outlier_factor: float = 2.0
    outlier_uplift: bool = False
    level_correction: bool = True
    level_target: str = "wape"
    reconcile: bool = True
    reconcile_target: str = "wape"
    acceleration: bool = True
    acceleration_level: float = 0.99
    acceleration_max_factor: float = 4.0
    n_jobs: int = 1
