"""The years a date may fall in: outside them it is almost certainly a typing error, and deadline arithmetic near
the year 9999 would overflow. One place for the engine's facts and the screens' date fields (a light module: the
case list's first paint reads it)."""

MIN_YEAR, MAX_YEAR = 1900, 2199
