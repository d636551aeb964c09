"""The domain core stays pure Python: no web, database, form or PDF library (STYLE.md)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DOMAIN = ROOT / "hiring" / "domain"
FORBIDDEN = frozenset({"flask", "sqlalchemy", "flask_sqlalchemy", "wtforms", "flask_login",
                       "weasyprint", "flask_wtf", "flask_migrate", "alembic"})
# Maintained numeric libraries, allowed in hiring/domain/analytics/ only (issue 12).
ANALYTICS = DOMAIN / "analytics"
NUMERIC = frozenset({"numpy", "scipy", "krippendorff"})


def imported_roots(source: str) -> set[str]:
    """The top-level packages a module imports, at any depth (inside functions too)."""
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


def domain_files() -> list[Path]:
    return sorted(DOMAIN.rglob("*.py"))


def module_name(path: Path) -> str:
    """hiring/domain/analytics/show.py -> hiring.domain.analytics.show (a package's __init__
    is the package)."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def test_the_scanner_sees_every_form_of_import() -> None:
    source = ("import flask\nimport os.path\nfrom sqlalchemy.orm import Mapped\n"
              "def f():\n    import weasyprint\nfrom . import sibling\n")
    assert imported_roots(source) == {"flask", "os", "sqlalchemy", "weasyprint"}


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_domain_module_imports_nothing_forbidden(path: Path) -> None:
    found = imported_roots(path.read_text(encoding="utf-8")) & FORBIDDEN
    assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"


@pytest.mark.parametrize("path", domain_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_numeric_libraries_stay_in_the_analytics_package(path: Path) -> None:
    """numpy, scipy and krippendorff are allowed for the statistics only: the rest of the
    domain stays plain Python (and quick to import)."""
    if ANALYTICS in path.parents:
        return
    found = imported_roots(path.read_text(encoding="utf-8")) & NUMERIC
    assert not found, f"{path.relative_to(ROOT)} imports {sorted(found)}"


def test_the_domain_has_modules_to_check() -> None:
    names = {p.stem for p in domain_files()}
    assert {"rubric", "rubric_loader", "scoring", "decision", "problems"} <= names


PROBE = """
import importlib, json, pkgutil, sys
import hiring.domain
names = sorted(m.name for m in pkgutil.walk_packages(hiring.domain.__path__, "hiring.domain."))
for name in names:
    importlib.import_module(name)
print(json.dumps({"imported": names, "modules": sorted(sys.modules)}))
"""


def test_importing_the_whole_domain_loads_no_forbidden_package() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    expected = {module_name(p) for p in domain_files()} - {"hiring.domain"}
    assert set(report["imported"]) == expected
    loaded = {name.split(".")[0] for name in report["modules"]}
    assert "hiring" in loaded
    assert not loaded & FORBIDDEN, sorted(loaded & FORBIDDEN)
