"""yjtui: a keyboard-driven terminal app for youth justice practitioners in England and Wales."""

__version__ = "0.1.0"
