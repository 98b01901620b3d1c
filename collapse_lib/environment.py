"""The start-here environment check: is every pinned package installed at its pin?

The pins are read from ``collapse_lib/pins.txt``, which ships inside the package (the
course's ``requirements.txt`` installs from it), so the check works for an editable
install, as the README's, and for a normal one, as on a shared class server; it prints one line per package and a
verdict, with nothing machine-specific in it, so its output is the same on every
correctly installed machine.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

__all__ = ["REQUIREMENTS", "MINIMUM_PYTHON", "PackageCheck", "read_pins", "check_packages",
           "report"]

REQUIREMENTS = Path(__file__).resolve().parent / "pins.txt"
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
    """Parse the ``name==version`` lines of a requirements file.

    Parameters
    ----------
    path : str or Path
        A requirements file (default: the course's pins, ``collapse_lib/pins.txt``).

    Returns
    -------
    dict of str -> str
        {package name: pinned version}; other lines (comments, ``-e .``) are skipped.

    Examples
    --------
    >>> "numpy" in read_pins()
    True
    """
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"path must be an existing requirements file; got {str(path)!r}")
    return {match[1]: match[2] for line in path.read_text().splitlines()
            if (match := _PIN.match(line))}


def check_packages(pins: dict[str, str] | None = None) -> list[PackageCheck]:
    """Compare each pinned package with what is installed in this Python.

    Parameters
    ----------
    pins : dict of str -> str, optional
        {name: version}; default: :func:`read_pins`.

    Returns
    -------
    list of PackageCheck
        One per pin, in order.

    Examples
    --------
    >>> check_packages({"surely-not-installed-pkg": "1.0"})[0].installed is None
    True
    """
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
    """A short, printable report: one line per package and a one-line verdict.

    Parameters
    ----------
    checks : list of PackageCheck, optional
        Default: :func:`check_packages` of the course's pins.

    Returns
    -------
    str
        Nothing machine-specific, so the output is the same on every good install.

    Examples
    --------
    >>> print(report([PackageCheck("numpy", "0.1", None)]).splitlines()[1])
    !!  numpy: pinned 0.1, found not installed
    """
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
