"""The report windows' one door to the reporting services: one session per action.

The report dialog and the settings dialog call these methods and get plain report data
back (desktop.reports.data); neither touches a session. Each method opens its own
session, so the same gateway serves the UI thread and the task runner's workers.
"""

from __future__ import annotations

from pathlib import Path

from desktop.reports.data import Report, ReportSettings
from desktop.services.database import Database
from desktop.services.progress import Progress
from desktop.services.reporting import export
from desktop.services.reporting.export import ReportRequest, SavedReport
from desktop.services.reporting.options import ReportOptions, report_options
from desktop.services.reporting.settings import (
    load_report_settings,
    reset_report_settings,
    save_report_settings,
)


class ReportGateway:
    """Makes, saves and records reports, and reads and stores the report settings."""

    def __init__(self, database: Database) -> None:
        self.database = database  # handed on to the settings dialog

    def options(self) -> ReportOptions:
        """What the dialog offers: the campaign's nights, the groups."""
        with self.database.session() as session:
            return report_options(session)

    def make(self, request: ReportRequest, progress: Progress) -> tuple[Report, bytes, int]:
        """The report's data and its official PDF laid out in memory: (report, pdf, pages)."""
        with self.database.session() as session:
            report = export.build_report(session, request, progress)
        pdf, pages = export.render_pdf(report, progress)
        return report, pdf, pages

    def save(
        self, report: Report, path: Path, progress: Progress, pdf: tuple[bytes, int]
    ) -> SavedReport:
        """Save a report made before (the PDF already laid out) to `path`, audited."""
        with self.database.session() as session:
            return export.save_report(session, report, path, progress, pdf)

    def record_use(self, report: Report, action: str, where: str) -> None:
        """Audit a report printed or shown on screen."""
        with self.database.session() as session:
            export.record_report_use(session, report, action, where)

    def settings(self) -> ReportSettings:
        with self.database.session() as session:
            return load_report_settings(session)

    def default_settings(self) -> ReportSettings:
        """The ward's defaults (nothing is stored until save_settings)."""
        with self.database.session() as session:
            return reset_report_settings(session)

    def save_settings(self, settings: ReportSettings) -> ReportSettings:
        """Check and store the settings; UserError (nothing stored) when refused."""
        with self.database.session() as session:
            return save_report_settings(session, settings)
