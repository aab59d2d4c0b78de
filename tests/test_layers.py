"""The house's layers, held by reading every module's imports (DESIGN.md, Architecture).

Imports go one way: ui → services → db, domain; reports are fed plain data and import
only reports and domain; Qt lives only in ui/ and app.py; widgets reach the database
only through their feature's gateway; ui feature packages do not import each other.
Each rule names the file and line that breaks it; the tests at the bottom show that
every rule catches a violation.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

PACKAGE = "desktop"
ROOT = Path(__file__).resolve().parent.parent / PACKAGE
QT_PACKAGES = ("PySide6", "shiboken6")
# ui/ packages every feature may use; the shell modules in ui/ itself may use anything.
SHARED_UI_PACKAGES = ("widgets",)

# layer → the layers of ours it must not import
FORBIDDEN = {
    "db": ("services", "reports", "ui", "commands"),
    "services": ("ui", "commands"),
    "reports": ("services", "db", "ui", "commands"),
    "commands": ("ui",),
}


@dataclass(frozen=True)
class Violation:
    path: str  # relative to desktop/
    line: int
    rule: str

    def __str__(self) -> str:
        return f"desktop/{self.path}:{self.line}: {self.rule}"


@dataclass(frozen=True)
class _Import:
    module: str  # absolute dotted name ("desktop.services.registry", "PySide6.QtCore")
    names: tuple[str, ...]  # what `from module import …` takes; () for `import module`
    line: int

    def targets(self) -> tuple[str, ...]:
        """The modules (or names in them) reached: "desktop.ui" + "planning" and so on."""
        return tuple(f"{self.module}.{name}" for name in self.names) or (self.module,)


def module_name(path: str) -> str:
    """ "ui/registry/editor.py" → "desktop.ui.registry.editor"."""
    parts = path.removesuffix(".py").split("/")
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join([PACKAGE, *parts])


def _imports(path: str, tree: ast.AST) -> Iterator[_Import]:
    package = module_name(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield _Import(alias.name, (), node.lineno)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                module = ".".join([*base, *([node.module] if node.module else [])])
            else:
                module = node.module or ""
            yield _Import(module, tuple(alias.name for alias in node.names), node.lineno)


_LAYERS = ("domain", "db", "services", "reports", "commands", "ui")
UI_PACKAGES = frozenset(
    folder.name for folder in (ROOT / "ui").iterdir() if (folder / "__init__.py").exists()
)


def _layer(module: str) -> str | None:
    """The layer of one of our modules ("domain", "ui", …), None for a top-level one."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in _LAYERS else None


def _ui_package(module: str) -> str | None:
    """ "desktop.ui.planning.map" → "planning"; a shell module of ui/ → None."""
    parts = module.split(".")
    if parts[:2] == [PACKAGE, "ui"] and len(parts) > 2 and parts[2] in UI_PACKAGES:
        return parts[2]
    return None


def _is_ours(module: str) -> bool:
    return module == PACKAGE or module.startswith(PACKAGE + ".")


# Database.session() (a transaction), Database.sessions() (the bare factory), Session(…)
_SESSION_OPENERS = ("session", "sessions", "Session")


def _opens_a_session(tree: ast.AST) -> Iterator[int]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = function.attr if isinstance(function, ast.Attribute) else getattr(function, "id", "")
        if name in _SESSION_OPENERS:
            yield node.lineno


def _import_rules(path: str, imported: _Import) -> Iterator[str]:
    """The rules one import statement breaks (each named once)."""
    me = module_name(path)
    my_layer = _layer(me)
    my_ui_package = _ui_package(me)
    module = imported.module
    if module.split(".")[0] in QT_PACKAGES:
        if my_layer != "ui" and path != "app.py":
            yield f"Qt ({module}) outside ui/"
        return
    if not _is_ours(module):
        return
    for target in imported.targets():
        target_layer = _layer(target)
        if my_layer == "domain" and target_layer != "domain":
            yield f"domain imports {module}"
        if target_layer in FORBIDDEN.get(my_layer or "", ()):
            yield f"{my_layer} imports {module}"
        if my_layer == "ui" and not path.endswith("gateway.py") and target_layer == "db":
            yield f"a widget imports the ORM ({module})"
        if my_ui_package is None or target_layer != "ui":
            continue
        target_ui_package = _ui_package(target)
        if target_ui_package is None and target != f"{PACKAGE}.ui":
            yield f"ui/{my_ui_package} imports the shell ({module})"
        elif target_ui_package not in (None, my_ui_package, *SHARED_UI_PACKAGES):
            yield f"ui feature {my_ui_package} imports ui feature {target_ui_package}"


def layer_violations(sources: Mapping[str, str]) -> list[Violation]:
    """Every broken rule in `sources` (path relative to desktop/ → its text)."""
    found: list[Violation] = []
    for path, text in sorted(sources.items()):
        tree = ast.parse(text, filename=path)
        for imported in _imports(path, tree):
            rules = dict.fromkeys(_import_rules(path, imported))
            found.extend(Violation(path, imported.line, rule) for rule in rules)
        if _layer(module_name(path)) == "ui" and not path.endswith("gateway.py"):
            found.extend(
                Violation(path, line, "a ui module that is not a gateway opens a database session")
                for line in _opens_a_session(tree)
            )
    return sorted(found, key=lambda violation: (violation.path, violation.line))


def _our_sources() -> dict[str, str]:
    return {
        path.relative_to(ROOT).as_posix(): path.read_text(encoding="utf-8")
        for path in ROOT.rglob("*.py")
        if "migrations/versions" not in path.as_posix()
    }


def test_every_module_keeps_to_its_layer():
    violations = layer_violations(_our_sources())
    assert not violations, "Layer rules broken:\n" + "\n".join(map(str, violations))


def test_the_layer_check_reads_the_whole_package():
    sources = _our_sources()
    assert "ui/main_window.py" in sources
    assert "domain/personal_id.py" in sources
    assert len(sources) > 150


# --- the rules themselves catch what they should -------------------------------------


def _rules_broken(path: str, text: str) -> list[str]:
    return [violation.rule for violation in layer_violations({path: text})]


def test_domain_may_import_only_domain():
    assert _rules_broken("domain/names.py", "from desktop.domain.errors import UserError\n") == []
    assert _rules_broken("domain/names.py", "from desktop.db.models import Resident\n") == [
        "domain imports desktop.db.models"
    ]
    assert _rules_broken("domain/names.py", "import desktop.logs\n") == [
        "domain imports desktop.logs"
    ]


def test_db_may_not_import_services_reports_ui_or_commands():
    for layer in ("services", "reports", "ui", "commands"):
        broken = _rules_broken("db/models.py", f"from desktop.{layer}.x import y\n")
        assert broken == [f"db imports desktop.{layer}.x"]
    assert _rules_broken("db/models.py", "from desktop import services\n") == [
        "db imports desktop"
    ]
    assert _rules_broken("db/models.py", "from desktop.domain.names import fold\n") == []


def test_services_may_not_import_qt_ui_or_commands():
    assert _rules_broken("services/tally.py", "from PySide6.QtCore import QObject\n") == [
        "Qt (PySide6.QtCore) outside ui/"
    ]
    assert _rules_broken("services/tally.py", "from desktop.ui.widgets import formatting\n") == [
        "services imports desktop.ui.widgets"
    ]
    assert _rules_broken(
        "services/tally.py", "def f():\n    from desktop.commands.base import x\n"
    ) == ["services imports desktop.commands.base"]


def test_reports_import_only_reports_and_domain():
    for layer in ("services", "db", "ui", "commands"):
        broken = _rules_broken("reports/pdf_report.py", f"import desktop.{layer}.thing\n")
        assert broken == [f"reports imports desktop.{layer}.thing"]
    assert _rules_broken("reports/pdf_report.py", "from .fonts import SANS\n") == []
    assert _rules_broken("reports/pdf_report.py", "from ..services import tally\n") == [
        "reports imports desktop.services"
    ]


def test_commands_may_not_import_ui():
    assert _rules_broken("commands/plan.py", "from desktop.ui import main_window\n") == [
        "commands imports desktop.ui"
    ]
    assert _rules_broken("commands/plan.py", "from desktop.services import tally\n") == []


def test_qt_lives_only_in_ui_and_app():
    assert _rules_broken("app.py", "from PySide6.QtWidgets import QApplication\n") == []
    assert _rules_broken("ui/widgets/icons.py", "from PySide6.QtGui import QIcon\n") == []
    assert _rules_broken("cli.py", "import PySide6\n") == ["Qt (PySide6) outside ui/"]
    assert _rules_broken("reports/fonts.py", "import shiboken6\n") == [
        "Qt (shiboken6) outside ui/"
    ]


def test_only_gateways_open_database_sessions():
    opening = "def f(database):\n    with database.session() as session:\n        pass\n"
    assert _rules_broken("ui/registry/gateway.py", opening) == []
    assert _rules_broken("ui/reports/dialog.py", opening) == [
        "a ui module that is not a gateway opens a database session"
    ]
    assert _rules_broken("ui/main_window.py", opening) == [
        "a ui module that is not a gateway opens a database session"
    ]
    for other_way in ("database.sessions()", "Session(engine)", "self._database.session()"):
        assert _rules_broken("ui/main_window.py", f"def f():\n    {other_way}\n") == [
            "a ui module that is not a gateway opens a database session"
        ]
    assert _rules_broken("ui/importing/wizard.py", "from desktop.db.models import Ward\n") == [
        "a widget imports the ORM (desktop.db.models)"
    ]


def test_ui_features_do_not_import_each_other():
    planning_from_campaign = ["ui feature campaign imports ui feature planning"]
    assert (
        _rules_broken(
            "ui/campaign/dashboard_view.py",
            "from desktop.ui.planning.window import PlanningWindow\n",
        )
        == planning_from_campaign
    )
    assert (
        _rules_broken("ui/campaign/dashboard_view.py", "from ..planning import window\n")
        == planning_from_campaign
    )
    assert (
        _rules_broken("ui/campaign/dashboard_view.py", "from desktop.ui import planning\n")
        == planning_from_campaign
    )
    assert _rules_broken("ui/planning/map.py", "from desktop.ui.main_window import X\n") == [
        "ui/planning imports the shell (desktop.ui.main_window)"
    ]
    # the shared widgets, the feature itself and the shell are allowed
    for allowed in (
        "from desktop.ui.widgets.formatting import number\n",
        "from desktop.ui.campaign.gateway import CampaignGateway\n",
        "from . import gateway\n",
    ):
        assert _rules_broken("ui/campaign/dashboard_view.py", allowed) == []
    assert (
        _rules_broken("ui/main_window.py", "from desktop.ui.planning.window import Planning\n")
        == []
    )


def test_a_violation_names_the_file_and_line():
    (violation,) = layer_violations({"cli.py": "\n\nimport PySide6\n"})
    assert str(violation) == "desktop/cli.py:3: Qt (PySide6) outside ui/"
