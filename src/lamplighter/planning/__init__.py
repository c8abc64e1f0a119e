"""Pure planning code (forecast, replenishment, slotting, batching, routing, advice, KPIs).

Works on whole arrays and frames; knows nothing of SQL, HTTP or files.
"""
