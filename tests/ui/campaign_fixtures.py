"""A campaign night for the window tests: the two nights of tests/services/campaign_night
and a third, planned but not yet entered, for team 2 on 26/11 (Dũng's, Giang's and
Hải's households), with a four-year-old at Giang's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.services.database import Database
from tests.builders import add_resident, make_shift
from tests.services.campaign_night import Log, enter_two_nights

THIRD_NIGHT = date(2026, 11, 26)


@dataclass
class CampaignDesk:
    """The ids a window test needs."""

    log: Log
    shift: int  # team 2's shift on THIRD_NIGHT
    child: int  # Giang's four-year-old

    def household(self, key: str) -> int:
        return self.log.households[key]

    def residents(self, key: str) -> list[int]:
        return self.log.residents[key]


def make_campaign_desk(database: Database) -> CampaignDesk:
    with database.session() as session:
        log = enter_two_nights(session)
        child = add_resident(
            session, log.households["giang"], "Lê Bảo Ngọc", relation="Con", birth_year=2022
        )
        households = [log.households[key] for key in ("dung", "giang", "hai")]
        shift = make_shift(session, log.teams["Tổ công tác 2"], THIRD_NIGHT, households)
    return CampaignDesk(log, shift, child)


def show_active(qtbot, widget):
    """Show the widget as the active window, as a person would have it (keys go to it)."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget
