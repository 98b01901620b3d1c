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
