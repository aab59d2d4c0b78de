"""Writing the demo ward's households and residents in bulk, chunk by chunk.

A helper thread makes the rows of the next chunk while this thread writes the last
one: SQLite works with the GIL released, so the two overlap. The helper takes the
chunks in order, so the ward stays the same for the same seed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from desktop.db.bulk import search_indexes_filled_afterwards
from desktop.db.models import Household, Resident, ResidentialGroup, Ward
from desktop.db.sequences import reset_sequences
from desktop.services import audit
from desktop.services.demo.counting import Counts
from desktop.services.demo.households import HouseholdMaker
from desktop.services.demo.layout import Place
from desktop.services.demo.leaders import GroupLeaders
from desktop.services.demo.options import DemoOptions
from desktop.services.demo.rows import ChunkRows, RowMaker
from desktop.services.households import next_household_codes
from desktop.services.progress import Progress

CHUNK_HOUSEHOLDS = 5_000
PROGRESS_TEXT = "Đang tạo phường mẫu…"

T = TypeVar("T")


class HouseholdWriter:
    """Makes families for the places and writes them chunk by chunk in bulk.

    Counts each group (`counts`) and picks its leader (`leaders`) along the way.
    """

    def __init__(
        self,
        session: Session,
        ward: Ward,
        groups: list[ResidentialGroup],
        options: DemoOptions,
        rng: random.Random,
        source: str,
    ) -> None:
        self.session = session
        self.ward = ward
        self.groups = groups
        self.rng = rng
        self.people = HouseholdMaker(rng, options.today, len(groups))
        self.counts = [Counts() for _ in groups]
        self.leaders = GroupLeaders()
        self.demo_audit = audit.AuditBatch(audit.DEMO, source)
        self._group_ids = [group.id for group in groups]

    def write(self, places: list[Place], progress: Progress) -> None:
        """Write every household with its residents and audit entries, then name the leaders."""
        total = len(places)
        codes = next_household_codes(self.session, self.ward, total)
        first_id = _next_id(self.session, Household.id)
        row_maker = RowMaker(
            self.rng, self._group_ids, self.demo_audit, _next_id(self.session, Resident.id)
        )

        def make(start: int) -> ChunkRows:
            stop = min(start + CHUNK_HOUSEHOLDS, total)
            ids = range(first_id + start, first_id + stop)
            households = zip(ids, codes[start:stop], places[start:stop], strict=True)
            return self._rows(row_maker, households)

        # The full-text indexes are filled once at the end instead of by a trigger per
        # row: 11 s less at 60,000 households.
        with (
            search_indexes_filled_afterwards(self.session, Household.__table__),
            search_indexes_filled_afterwards(self.session, Resident.__table__),
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-rows") as helper,
        ):
            for start, rows in _made_one_ahead(helper, make, range(0, total, CHUNK_HOUSEHOLDS)):
                self._insert(rows)
                progress.step(min(start + CHUNK_HOUSEHOLDS, total), total, PROGRESS_TEXT)
        # The rows carry their own ids: PostgreSQL's next ids must follow them.
        reset_sequences(self.session, [Household.__table__, Resident.__table__])
        self.leaders.name(self.session, self.ward, self.groups, self.demo_audit)

    def _rows(self, row_maker: RowMaker, households: Iterator[tuple[int, str, Place]]) -> ChunkRows:
        """The household, resident and audit rows of a chunk of (id, code, place)."""
        rows = ChunkRows()
        for household in households:
            group = household[2].group
            members = self.people.household(group)
            self.counts[group].add_household(members)
            self.leaders.consider(group, members[0])
            row_maker.add_household(rows, household, members)
        return rows

    def _insert(self, rows: ChunkRows) -> None:
        self.session.execute(_bulk_insert(Household), rows.households)
        self.session.execute(_bulk_insert(Resident), rows.residents)
        audit.record_changes(self.session, rows.audit)


def _made_one_ahead(
    helper: ThreadPoolExecutor, make: Callable[[int], T], starts: Sequence[int]
) -> Iterator[tuple[int, T]]:
    """(start, make(start)) for each start in order; the helper makes the next meanwhile."""
    upcoming = helper.submit(make, starts[0])
    for index, start in enumerate(starts):
        made = upcoming.result()
        if index + 1 < len(starts):
            upcoming = helper.submit(make, starts[index + 1])
        yield start, made


def _bulk_insert(model: type[Household] | type[Resident]) -> Any:
    # The table's own INSERT, one executemany per chunk: for 60,000 households the
    # ORM's bulk path added 7 s to the 29 s of the writing thread.
    return insert(model.__table__)


def _next_id(session: Session, column: Any) -> int:
    return (session.scalar(select(func.max(column))) or 0) + 1
