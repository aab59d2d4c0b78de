"""The audit window's one door to the audit trail: one session per action.

Each method opens its own session, so the same gateway serves the UI thread (a page of
entries, a count) and the task runner's workers (the export, the chain check). The
services refuse a person whose role may not read the trail (AUDIT_VIEW).
"""

from __future__ import annotations

from pathlib import Path

from desktop.services import audit_export, audit_trail
from desktop.services.audit import TrailCheck
from desktop.services.audit_export import TrailExport
from desktop.services.audit_trail import (
    ResidentMatch,
    TrailFilter,
    TrailPosition,
    TrailRow,
)
from desktop.services.database import Database
from desktop.services.progress import Progress


class AuditGateway:
    """Reads, exports and checks the audit trail for the widgets."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def actors(self) -> list[str]:
        with self.database.session() as session:
            return audit_trail.trail_actors(session)

    def page(self, filters: TrailFilter, after: TrailPosition | None, limit: int) -> list[TrailRow]:
        """The next `limit` entries the filters keep, after `after` (None: the newest)."""
        with self.database.session() as session:
            return audit_trail.search_trail(session, filters, limit=limit, after=after)

    def count(self, filters: TrailFilter) -> int:
        with self.database.session() as session:
            return audit_trail.count_trail(session, filters)

    def find_residents(self, text: str) -> list[ResidentMatch]:
        """The residents a name or a full ID number names (UserError: none, or too many)."""
        with self.database.session() as session:
            return audit_trail.find_residents(session, text)

    def export(self, filters: TrailFilter, path: Path, progress: Progress) -> TrailExport:
        """The entries the filters keep to an .xlsx; the export is audited."""
        with self.database.session() as session:
            return audit_export.export_trail(session, filters, path, progress)

    def check(self) -> TrailCheck:
        """Whether every entry is as the program wrote it (reads the whole trail)."""
        with self.database.session() as session:
            return audit_trail.check_trail(session)
