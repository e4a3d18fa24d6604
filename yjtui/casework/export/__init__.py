"""Documents yjtui writes for others (each export is logged in the audit trail as a disclosure)."""

from yjtui.casework.export.bail_proposal import ExportError, Proposal, Section, build, export, file_stem

__all__ = ["ExportError", "Proposal", "Section", "build", "export", "file_stem"]
