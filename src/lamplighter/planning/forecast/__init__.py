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
    fc.skus         # unique_id, demand_class, adi, cv2, model, rate (units/day), acceleration
    fc.reasons      # unique_id, kind ("acceleration"), factor, recent/expected/threshold units, message
    fc.scores       # backtest WAPE/bias per class and model (why each model was chosen)

What it does (see each module): closed weekdays and closed dates detected and left out of
the fit (:mod:`.calendar`); outliers capped in the fit only; weekly buckets; SKUs classed
smooth/erratic/intermittent/lumpy by ADI and CV² (:func:`classify`); each class chooses
among its family (SES/moving averages/ADIDA for smooth and erratic, Croston-SBA/TSB/ADIDA/
IMAPA for intermittent and lumpy, and their combination) by rolling-origin backtest of
horizon totals (:mod:`.periods`); quantiles of single days and of L-day sums calibrated on
backtest errors (:mod:`.quantiles`); recent growth beyond the usual error raises the
forecast with a recorded reason (:mod:`.acceleration`).

Drivers: ``drivers`` (past) and ``future_drivers`` (the horizon) are long frames
unique_id, ds plus numeric driver columns (ad spend, clicks, promotion flags, price, ...).
"""

from lamplighter.planning.forecast.classes import CLASSES, classify
from lamplighter.planning.forecast.config import ForecastConfig
from lamplighter.planning.forecast.daily import NotEnoughHistory, forecast_demand
from lamplighter.planning.forecast.result import Forecast, level_column

__all__ = ["CLASSES", "Forecast", "ForecastConfig", "NotEnoughHistory", "classify", "forecast_demand", "level_column"]
