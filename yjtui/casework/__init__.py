"""Casework: between the store and the screens.

Stored records become the rules engine's facts (`case_facts`), the engine's deadlines become board rows (`board`),
findings and records become documents (`export`); typed dates and fields are checked here (`dates`, `forms`).
No Textual here: the screens call this layer, never the other way round.
"""
