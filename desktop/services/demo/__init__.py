"""The demo ward behind `denkhuya demo`: a realistic ward in Lào Cai to try the program on.

create_demo_ward(session, DemoOptions) → DemoSummary is the one call; the GUI and the
CLI both use it. The same seed and the same day give the same ward.

The ward is laid out around its police station (ward, geometry): 8–12 residential
groups ("Tổ 1", …), each a sector of the circle within 1.5 km of the station, crossed
by streets of Lào Cai city (streets) with lanes (ngõ) and side lanes (ngách) off them
(layout). Families (families, names, births, peoples), ID numbers and phones
(identities) and campaign statuses (statuses) are drawn for each household
(households), written in bulk (rows, writing) with each group counted (counting) and
given a leader (leaders). As on a real ward, the list has positions for one street
only (ward_list): the streets and lanes are laid as the ward's map in the tables `map
load` fills (street_map), and the other households are placed from it by the same
locate step as a real ward's. Then comes the current campaign with its teams and past
nights (campaign). With --replace, what was there goes first (replacing). Every
household and resident gets its "demo" entry in the audit trail.
"""

from __future__ import annotations

from desktop.services.demo.generator import create_demo_ward
from desktop.services.demo.options import DemoOptions, DemoSummary, GroupTally

__all__ = ["DemoOptions", "DemoSummary", "GroupTally", "create_demo_ward"]
