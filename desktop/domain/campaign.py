"""The campaign's vocabulary: services, visit outcomes, reasons, member roles.

Codes are English and stable (scripts and JSON use them); labels are the Vietnamese
words the duty room reads on screen and on paper.
"""

from __future__ import annotations

# The services a campaign tracks, in the order reports list them.
VNEID_INSTALLED = "vneid_installed"  # VNeID installed with a level-1 account
LEVEL2_COLLECTED = "level2_collected"  # level-2 application collected, chip card checked
LEVEL2_ACTIVATED = "level2_activated"  # approved days later, from the approval list
APP_114 = "app_114"  # "Báo cháy 114" installed
DOCUMENTS = "documents"  # documents integrated into VNeID
CHIP_CARD_COLLECTED = "chip_card_collected"  # chip ID card application collected

SERVICES = (
    VNEID_INSTALLED,
    LEVEL2_COLLECTED,
    LEVEL2_ACTIVATED,
    APP_114,
    DOCUMENTS,
    CHIP_CARD_COLLECTED,
)
SERVICE_LABELS = {
    VNEID_INSTALLED: "Cài VNeID (mức 1)",
    LEVEL2_COLLECTED: "Thu hồ sơ mức 2",
    LEVEL2_ACTIVATED: "Kích hoạt mức 2",
    APP_114: "Cài Báo cháy 114",
    DOCUMENTS: "Tích hợp giấy tờ",
    CHIP_CARD_COLLECTED: "Thu hồ sơ CCCD gắn chíp",
}
# Services a team delivers at the door; activation comes from the approval list.
DOORSTEP_SERVICES = tuple(service for service in SERVICES if service != LEVEL2_ACTIVATED)

# The night's eight counts, in the order tallies and reports list them.
HOUSEHOLDS_VISITED, RESIDENTS_MET = "households_visited", "residents_met"
COUNT_KEYS = (HOUSEHOLDS_VISITED, RESIDENTS_MET, *SERVICES)

# What a target or a progress line is about: the whole ward, a group or a team.
WARD, GROUP, TEAM = "ward", "group", "team"

# What happened at a household.
MET, NOT_HOME, REFUSED, MOVED_AWAY, COME_BACK = (
    "met",
    "not_home",
    "refused",
    "moved_away",
    "come_back",
)
OUTCOMES = (MET, NOT_HOME, REFUSED, MOVED_AWAY, COME_BACK)
OUTCOME_LABELS = {
    MET: "Gặp",
    NOT_HOME: "Vắng nhà",
    REFUSED: "Từ chối",
    MOVED_AWAY: "Đã chuyển đi",
    COME_BACK: "Hẹn quay lại",
}
# Outcomes that put a household in the revisit queue.
REVISIT_OUTCOMES = (NOT_HOME, COME_BACK)

# Why nothing (more) was done for a resident.
NO_SMARTPHONE = "no_smartphone"
NEEDS_CHIP_CARD = "needs_chip_card"
ABSENT = "not_home"
UNDER_AGE = "under_age"
ALREADY_DONE = "already_done"
RESIDENT_REFUSED = "refused"
REASONS = (NO_SMARTPHONE, NEEDS_CHIP_CARD, ABSENT, UNDER_AGE, ALREADY_DONE, RESIDENT_REFUSED)
REASON_LABELS = {
    NO_SMARTPHONE: "Không có điện thoại thông minh",
    NEEDS_CHIP_CARD: "Cần làm CCCD gắn chíp trước",
    ABSENT: "Không có nhà",
    UNDER_AGE: "Chưa đủ tuổi",
    ALREADY_DONE: "Đã làm trước đó",
    RESIDENT_REFUSED: "Từ chối",
}
# Reasons that put a resident in the revisit queue.
REVISIT_REASONS = (ABSENT, NEEDS_CHIP_CARD)

# Who goes out with a team.
OFFICER, YOUTH_UNION, GROUP_LEADER = "officer", "youth_union", "group_leader"
ROLES = (OFFICER, YOUTH_UNION, GROUP_LEADER)
ROLE_LABELS = {
    OFFICER: "Cán bộ công an",
    YOUTH_UNION: "Đoàn viên",
    GROUP_LEADER: "Tổ trưởng tổ dân phố",
}
