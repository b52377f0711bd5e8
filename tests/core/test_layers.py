"""The portal's apps import only downwards (../shared/DESIGN.md, "Apps and how
they depend on each other"): a lower app never imports a higher one, so each
layer can be read, tested and run without the ones above it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Each app, and the portal apps it may import. core/ is the bottom layer.
MAY_IMPORT = {
    "core": set(),
    "accounts": {"core"},
    "notifications": {"core", "accounts"},
    "guidelines": {"core", "accounts", "notifications"},
    "communities": {"core", "accounts", "notifications"},
    "training": {"core", "accounts", "notifications", "guidelines"},
    "conversations": {"core", "accounts", "notifications", "communities"},
    "moderation": {
        "core",
        "accounts",
        "notifications",
        "guidelines",
        "communities",
        "conversations",
        "training",
    },
}
PORTAL_APPS = set(MAY_IMPORT) | {"participation", "bench"}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return {name.split(".")[0] for name in names} & PORTAL_APPS


def app_modules(app: str) -> list[Path]:
    return sorted((ROOT / app).rglob("*.py"))


@pytest.mark.parametrize("app", sorted(MAY_IMPORT))
def test_app_imports_only_the_layers_below_it(app):
    allowed = MAY_IMPORT[app] | {app}
    upward = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) - allowed)
        for path in app_modules(app)
    }
    assert {path: apps for path, apps in upward.items() if apps} == {}


def test_the_check_sees_an_upward_import(tmp_path):
    module = tmp_path / "example.py"
    module.write_text("from moderation.models import Post\nimport core.http\n")
    assert imported_apps(module) == {"moderation", "core"}
