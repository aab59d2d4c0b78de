"""The window's one door to the registry services: one session per user action.

Widgets call these methods and get plain rows back; no widget touches the ORM or SQL.
Each method opens its own session, so the same gateway serves the UI thread and the
task runner's worker threads alike. `today` is asked for on every call, so a desk left
open past midnight counts ages on the right day.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.domain.roles import AUDIT_VIEW
from desktop.services import audit_trail, households, registry, residents, signed_in, wards
from desktop.services.audit_trail import ResidentHistory
from desktop.services.database import Database
from desktop.services.households import HouseholdForm, HouseholdInput
from desktop.services.maps import placing
from desktop.services.maps.placing import Surroundings
from desktop.services.progress import Progress
from desktop.services.registry import HouseholdQuery, HouseholdRow, ResidentRow, WardOverview
from desktop.services.residents import ResidentForm, ResidentInput

if TYPE_CHECKING:
    from desktop.services.demo import DemoSummary
    from desktop.services.export import ExportSummary


@dataclass(frozen=True)
class WardHeader:
    """The ward's names, known at once; its counts (WardOverview) come a moment later."""

    name: str
    kind: str
    station_name: str


class RegistryGateway:
    """Reads and changes the registry through the services, for the widgets."""

    def __init__(self, database: Database, today: Callable[[], date] = date.today) -> None:
        self.database = database
        self.today = today

    # Reading ---------------------------------------------------------------------------

    def ward_header(self) -> WardHeader | None:
        """The ward this database serves (cheap: no counting); None for an empty database."""
        with self.database.session() as session:
            ward = wards.current_ward(session)
            if ward is None:
                return None
            return WardHeader(name=ward.name, kind=ward.kind, station_name=ward.station_name)

    def overview(self) -> WardOverview | None:
        """The ward with its groups and counts; None when the database has no ward."""
        with self.database.session() as session:
            return registry.ward_overview(session, self.today())

    def households_page(
        self, query: HouseholdQuery, after: tuple[str, int] | None, limit: int
    ) -> list[HouseholdRow]:
        with self.database.session() as session:
            return registry.list_households(session, query, self.today(), after=after, limit=limit)

    def count_households(self, query: HouseholdQuery) -> int:
        with self.database.session() as session:
            return registry.count_households(session, query, self.today())

    def residents(self, household_id: int, search_text: str = "") -> list[ResidentRow]:
        with self.database.session() as session:
            return registry.household_residents(session, household_id, self.today(), search_text)

    def household_form(self, household_id: int) -> HouseholdForm:
        with self.database.session() as session:
            return households.household_form(session, household_id)

    def position_surroundings(
        self, household_id: int | None, near: tuple[float, float] | None, street: str
    ) -> Surroundings | None:
        """The map's streets and houses around a household (for the map picker); None
        when no map is loaded."""
        with self.database.session() as session:
            return placing.position_surroundings(session, household_id, near, street)

    def resident_form(self, resident_id: int) -> ResidentForm:
        """A resident's full record; the service writes the viewing to the audit trail."""
        with self.database.session() as session:
            return residents.resident_form(session, resident_id)

    def masks_personal_numbers(self) -> bool:
        """Whether the person signed in sees ID numbers and phones masked (the services
        mask what they return and export)."""
        return signed_in.masks_personal_numbers()

    def may_read_audit_trail(self) -> bool:
        """Whether the person signed in may see who has seen or changed a resident."""
        return signed_in.may(AUDIT_VIEW)

    def resident_history(self, resident_id: int) -> ResidentHistory:
        """Who has seen or changed this resident (audit_trail.resident_history)."""
        with self.database.session() as session:
            return audit_trail.resident_history(session, resident_id)

    # Checking --------------------------------------------------------------------------

    def clean_household(self, data: HouseholdInput) -> HouseholdInput:
        return households.clean_household_input(data)

    def clean_resident(
        self, data: ResidentInput, resident_id: int | None = None
    ) -> tuple[ResidentInput, list[str]]:
        """The resident's values tidied, with warnings to confirm; UserError for what
        cannot be saved (an ID number that is someone else's). `resident_id`: the
        resident being edited."""
        with self.database.session() as session:
            return residents.check_resident_input(session, data, self.today(), resident_id)

    # Changing --------------------------------------------------------------------------

    def create_household(self, data: HouseholdInput) -> int:
        with self.database.session() as session:
            return households.create_household(session, data)

    def update_household(
        self,
        household_id: int,
        data: HouseholdInput,
        version: int,
        confirm_position: bool = False,
    ) -> None:
        """Save the household; `confirm_position` (chosen on the map): its position is
        placed as confirmed first (audited with its source), even if it did not move;
        one transaction."""
        with self.database.session() as session:
            expected: int | None = version
            if confirm_position and data.lat is not None and data.lon is not None:
                placing.place_household(
                    session, household_id, data.lat, data.lon, expected_version=version
                )
                expected = None  # checked just now; placing moved the version on
            households.update_household(session, household_id, data, expected_version=expected)

    def delete_household(self, household_id: int) -> int:
        with self.database.session() as session:
            return households.delete_household(session, household_id)

    def create_resident(self, household_id: int, data: ResidentInput) -> int:
        with self.database.session() as session:
            return residents.create_resident(session, household_id, data, self.today())

    def update_resident(self, resident_id: int, data: ResidentInput, version: int) -> None:
        with self.database.session() as session:
            residents.update_resident(
                session, resident_id, data, self.today(), expected_version=version
            )

    def delete_resident(self, resident_id: int) -> None:
        with self.database.session() as session:
            residents.delete_resident(session, resident_id)

    def change_head(self, new_head_id: int, former_head_relation: str) -> None:
        with self.database.session() as session:
            residents.change_head(session, new_head_id, former_head_relation)

    # Whole-ward work (run in the background) --------------------------------------------

    def export_residents(self, path: Path, progress: Progress) -> ExportSummary:
        """Every resident to .xlsx or .csv; the export is audited."""
        from desktop.services import export  # openpyxl loads when first needed

        with self.database.session() as session:
            return export.export_residents(session, path, progress)

    def create_demo_ward(
        self, households: int, ward_name: str, today: date, progress: Progress
    ) -> DemoSummary:
        """The demo ward on an empty database, as `denkhuya demo` makes it (seed 1)."""
        from desktop.services.demo import DemoOptions, create_demo_ward  # loaded when needed

        options = DemoOptions(
            households=households, seed=1, ward_name=ward_name, today=today, replace=False
        )
        with self.database.session() as session:
            return create_demo_ward(session, options, progress)
