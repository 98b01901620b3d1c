"""The start-here environment check: is every pinned package installed at its pin?

The pins are read from the course's ``requirements.txt`` (next to the package when it is
installed editable, as the README does); the check prints one line per package and a
verdict, with nothing machine-specific in it, so its output is the same on every
correctly installed machine.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

REQUIREMENTS = Path(__file__).resolve().parent.parent / "requirements.txt"
MINIMUM_PYTHON = (3, 11)
_PIN = re.compile(r"^\s*([A-Za-z0-9_.\-]+)\s*==\s*([^\s;#]+)")


@dataclass(frozen=True)
class PackageCheck:
    """One pinned package: its name, the pinned version and the installed one (or None)."""

    name: str
    pinned: str
    installed: str | None

    @property
    def ok(self) -> bool:
        return self.installed == self.pinned


def read_pins(path: Path | str = REQUIREMENTS) -> dict[str, str]:
    """Parse ``name==version`` lines of a requirements file into {name: version}."""
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must be an existing requirements file; got {str(path)!r}")
    return {match[1]: match[2] for line in path.read_text().splitlines()
            if (match := _PIN.match(line))}


def check_packages(pins: dict[str, str] | None = None) -> list[PackageCheck]:
    """Compare each pinned package with what is installed in this Python."""
    pins = read_pins() if pins is None else pins
    checks = []
    for name, pinned in pins.items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            installed = None
        checks.append(PackageCheck(name, pinned, installed))
    return checks


def report(checks: list[PackageCheck] | None = None) -> str:
    """A short, printable report: one line per package and a one-line verdict."""
    checks = check_packages() if checks is None else checks
    python_ok = sys.version_info[:2] >= MINIMUM_PYTHON
    lines = [f"{'ok ' if python_ok else 'OLD'} Python >= {'.'.join(map(str, MINIMUM_PYTHON))}"]
    for check in checks:
        if check.ok:
            lines.append(f"ok  {check.name} {check.pinned}")
        else:
            found = check.installed or "not installed"
            lines.append(f"!!  {check.name}: pinned {check.pinned}, found {found}")
    bad = [c.name for c in checks if not c.ok]
    if bad or not python_ok:
        lines.append("Fix: python -m pip install -r requirements.txt (from the course folder)")
    else:
        lines.append(f"All {len(checks)} pinned packages found: you are ready.")
    return "\n".join(lines)
