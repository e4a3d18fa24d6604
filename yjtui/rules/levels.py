"""The four levels the guidance judges RoSH, safety and well-being and likelihood of reoffending by, in words.

A module of its own, with nothing behind it: the case list shows these words on its first paint, before the rules
engine has loaded.
"""

from __future__ import annotations

LEVELS = ("low", "medium", "high", "very_high")
LABEL = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very High"}
