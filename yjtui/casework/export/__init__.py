"""Documents yjtui writes for others: one document model and one way out (`document.py`: written, encrypted if
asked, never over an earlier file unasked, logged as a disclosure); each module builds one kind of document."""

from yjtui.casework.export.document import (Document, ExportError, ExportExists, ExportRequest, ExportSpec, Section,
                                            default_folder, deliver, write)

__all__ = ["Document", "ExportError", "ExportExists", "ExportRequest", "ExportSpec", "Section", "default_folder",
           "deliver", "write"]
