"""Replenishment: lead times, safety stock, reorder points, projected stock, sea/air suggestions (pure)."""
