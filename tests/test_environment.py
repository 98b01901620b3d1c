"""The start-here environment check."""
import pytest

from collapse_lib import environment


def test_pins_are_read_from_requirements(tmp_path):
    path = tmp_path / "requirements.txt"
    path.write_text("# comment\nnumpy==2.4.6\nscipy==1.17.1 ; python_version >= '3.11'\n-e .\n")
    assert environment.read_pins(path) == {"numpy": "2.4.6", "scipy": "1.17.1"}


def test_course_requirements_pin_the_notebook_stack():
    pins = environment.read_pins()
    assert {"jupyterlab", "ipywidgets", "numpy", "scipy", "matplotlib"} <= set(pins)


def test_report_flags_a_wrong_or_missing_package():
    checks = environment.check_packages({"numpy": "0.0.1", "surely-not-installed-pkg": "1.0"})
    assert [c.ok for c in checks] == [False, False]
    assert checks[1].installed is None
    text = environment.report(checks)
    assert "!!  numpy: pinned 0.0.1" in text and "not installed" in text
    assert "pip install -r requirements.txt" in text


def test_report_on_this_environment_is_all_ok():
    text = environment.report()
    assert "!!" not in text and text.endswith("you are ready.")


def test_missing_requirements_file_is_a_clear_error(tmp_path):
    with pytest.raises(ValueError, match="path"):
        environment.read_pins(tmp_path / "nope.txt")


def test_a_normal_install_finds_its_pins(tmp_path):
    """A non-editable install (as on a shared class server) carries the pins inside the
    package, so notebook 00's check reads them from there and reports the same verdict."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps",
                    "--target", str(target), str(root)], check=True, cwd=tmp_path)
    assert (target / "collapse_lib" / "pins.txt").is_file()
    script = ("from collapse_lib import environment; print(environment.REQUIREMENTS); "
              "print(environment.report())")
    shown = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                           text=True, cwd=tmp_path, env={"PYTHONPATH": str(target),
                                                         "PATH": "/usr/bin:/bin"}).stdout
    where, report = shown.split("\n", 1)
    assert Path(where).is_relative_to(target)
    assert report.strip() == environment.report()
