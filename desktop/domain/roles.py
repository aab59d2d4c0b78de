"""Who may do what at the desk: the four roles, their Vietnamese names and permissions.

A role's token (admin, duty, leader, entry) is what scripts and the database use; the
Vietnamese name is what the window shows. The GUI hides what a role may not use and
the services refuse it too (desktop.services.signed_in.require), so a script or a
future window cannot go around the menu.
"""

from __future__ import annotations

ADMIN, DUTY, LEADER, ENTRY = "admin", "duty", "leader", "entry"
ROLES = (ADMIN, DUTY, LEADER, ENTRY)
ROLE_NAMES = {
    ADMIN: "Quản trị",
    DUTY: "Trực ban",
    LEADER: "Lãnh đạo",
    ENTRY: "Nhập liệu",
}

# What a person can ask the program to do.
MANAGE_ACCOUNTS = "manage_accounts"  # create, disable, reset accounts
SETTINGS = "settings"  # ward settings, station, map loading
RESTORE = "restore"  # replace the database with a backup
BACKUP = "backup"  # make a backup copy
EXPORT = "export"  # residents/households out to a file
REPORTS = "reports"  # campaign reports, Excel and PDF, consolidation
DASHBOARD = "dashboard"  # progress against targets
AUDIT_VIEW = "audit_view"  # read and export the audit trail
REGISTER_VIEW = "register_view"  # search and read households and residents
REGISTER_EDIT = "register_edit"  # add, change, delete households and residents; import
CAMPAIGNS = "campaigns"  # campaigns, teams, shifts, route planning, walk sheets
VISIT_ENTRY = "visit_entry"  # enter a night's results
APPROVALS = "approvals"  # approve entered results
FULL_PERSONAL_NUMBERS = "full_personal_numbers"  # see ID numbers and phones unmasked

_EVERYTHING = frozenset(
    {
        MANAGE_ACCOUNTS,
        SETTINGS,
        RESTORE,
        BACKUP,
        EXPORT,
        REPORTS,
        DASHBOARD,
        AUDIT_VIEW,
        REGISTER_VIEW,
        REGISTER_EDIT,
        CAMPAIGNS,
        VISIT_ENTRY,
        APPROVALS,
        FULL_PERSONAL_NUMBERS,
    }
)

PERMISSIONS: dict[str, frozenset[str]] = {
    ADMIN: _EVERYTHING,
    DUTY: _EVERYTHING - {MANAGE_ACCOUNTS, AUDIT_VIEW},
    # Leaders read the progress and the reports, with ID numbers and phones masked
    # everywhere (exports masked too), and the audit trail.
    LEADER: frozenset({DASHBOARD, REPORTS, EXPORT, AUDIT_VIEW, REGISTER_VIEW}),
    ENTRY: frozenset({VISIT_ENTRY, APPROVALS, REGISTER_VIEW}),
}

# What each permission is called in a refusal: "Vai trò Nhập liệu không được <…>."
PERMISSION_WORDS = {
    MANAGE_ACCOUNTS: "quản lý tài khoản",
    SETTINGS: "đổi cài đặt của phường",
    RESTORE: "khôi phục dữ liệu từ bản sao lưu",
    BACKUP: "sao lưu dữ liệu",
    EXPORT: "xuất dữ liệu ra tệp",
    REPORTS: "lập báo cáo",
    DASHBOARD: "xem tiến độ",
    AUDIT_VIEW: "xem nhật ký thao tác",
    REGISTER_VIEW: "xem danh sách hộ và nhân khẩu",
    REGISTER_EDIT: "thêm, sửa, xóa hoặc nhập danh sách hộ và nhân khẩu",
    CAMPAIGNS: "quản lý chiến dịch, tổ, ca và lộ trình",
    VISIT_ENTRY: "nhập kết quả đi hộ",
    APPROVALS: "duyệt kết quả",
    FULL_PERSONAL_NUMBERS: "xem đầy đủ số định danh và số điện thoại",
}

# Five wrong passwords in a row lock an account for five minutes.
LOCK_AFTER_FAILURES = 5
LOCK_MINUTES = 5
# The window locks after this many idle minutes (the ward's settings may change it).
IDLE_LOCK_MINUTES = 15
MIN_PASSWORD_LENGTH = 8


def allowed(role: str, permission: str) -> bool:
    """Whether a person with this role may do this."""
    return permission in PERMISSIONS.get(role, frozenset())


def role_name(role: str) -> str:
    """The role's Vietnamese name, for the window and for sentences."""
    return ROLE_NAMES.get(role, role)
