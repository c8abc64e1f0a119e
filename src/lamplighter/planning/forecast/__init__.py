"""Demand forecasting: per-SKU daily forecasts with calibrated quantiles and lead-time totals.

Main entry::

    from lamplighter.planning.demand import daily_demand
    from lamplighter.planning.forecast import ForecastConfig, forecast_demand

    history = daily_demand(lines, start, cutoff)          # unique_id, ds, y (days < cutoff)
    fc = forecast_demand(history, horizon=90)             # Forecast
    fc.daily        # unique_id, ds, mean, q50, q90, q95, q99, model (each single day)
    fc.totals_for(lead_days)   # unique_id, lead_days, mean, q50.. of the SUM over the next
                               # lead_days days (int, array in fc.skus order, or Series by SKU)
    fc.totals       # the same over the whole horizon
    fc.skus         # unique_id, demand_class, adi, cv2, model, rate (units/day), level_factor, acceleration
    fc.reasons      # unique_id, kind ("acceleration"), factor, recent/expected/threshold units, message
    fc.scores       # backtest WAPE/bias per class and model (why each model was chosen)

What it does (details in each module):

- Calendar (:mod:`.calendar`): a weekday with no trade at all on >= 90% of its dates is a
  closed weekday (Saturday in the Online Retail file); with >= 20 SKUs, any date on which no
  SKU sold is a closed date (bank holidays, the Christmas break). Closed days are left out of
  the fit (a part-closed week is scaled up to a full trading week; a fully closed week is
  dropped), and future closed weekdays plus ``ForecastConfig.closed_dates`` get 0.
- Outliers: in the fit only, a day above 2x the SKU's 95th-percentile selling day is capped
  there (one 4,300-unit wholesale line must not become the level). Calibration and every
  score use the real, uncapped demand.
- Weekly buckets ending at the cutoff; leading zeros before a SKU's first sale dropped.
  (The fit is weekly for every SKU: daily fitting costs 7x and lost on horizon totals.)
- Classes by ADI/CV² (:func:`classify`); each class chooses among its family by a
  rolling-origin backtest of horizon totals (:mod:`.periods`): smooth/erratic: SES (ETS
  A,N,N), 13-week average, ADIDA and their combination; intermittent/lumpy: Croston-SBA,
  TSB, ADIDA, IMAPA, SES, 13-week average and their combination. A class whose backtest
  totals are biased gets a level factor where a nested check on earlier origins shows it helps.
- Top-down reconciliation (:mod:`.reconcile`): the catalogue's weekly total is forecast as one
  series (mean of Theta, AutoETS, SES: they see a catalogue-wide trend no single SKU shows)
  and every forecast is scaled by (aggregate / sum of SKU forecasts) ** w, w in {0, 0.5, 1}
  chosen on the backtest windows (0 = bottom-up wins ties).
- Drivers (:mod:`.drivers`): each candidate gets a ``+X`` twin fitted on demand with the
  drivers' lift taken out and multiplied by the lift of the known future drivers; the
  backtest decides per class.
- Quantiles (:mod:`.quantiles`): empirical ratios actual/forecast from the backtest, pooled
  by class and volume band, for single days and for L-day sums (``totals_for``).
- Acceleration (:mod:`.acceleration`): two weeks above the 99% error limit and growing ->
  forecast raised to the recent rate (at most x4), reason in ``reasons``.

Drivers: ``drivers`` (past) and ``future_drivers`` (the horizon: pass the plan, zeros if
none) are long frames unique_id, ds plus numeric driver columns (ad spend, clicks,
promotion flags, price, holiday flags); they are averaged per week. Errors:
:class:`NotEnoughHistory` (a ``ValueError``) when fewer than 8 full weeks are given.
"""

from lamplighter.planning.forecast.classes import CLASSES, classify
from lamplighter.planning.forecast.config import ForecastConfig
from lamplighter.planning.forecast.daily import NotEnoughHistory, forecast_demand
from lamplighter.planning.forecast.result import Forecast, level_column

__all__ = ["CLASSES", "Forecast", "ForecastConfig", "NotEnoughHistory", "classify", "forecast_demand", "level_column"]
