"""Documents yjtui writes for others (each export is logged in the audit trail as a disclosure)."""

from pathlib import Path

from yjtui.casework.export.bail_proposal import ExportError, Proposal, Section, build, export, file_stem

__all__ = ["ExportError", "Proposal", "Section", "build", "default_folder", "export", "file_stem"]


def default_folder() -> Path:
    """Where an export dialog starts: the user's Documents folder (Windows' own known folder, which a council may
    redirect; ~/Documents elsewhere, as platformdirs finds it), else the home folder where there is none."""
    import platformdirs

    documents = platformdirs.user_documents_path()
    return documents if documents.is_dir() else Path.home()
