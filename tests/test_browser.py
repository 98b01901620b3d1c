"""The course in a real browser: JupyterLab in headless Chromium, driven by Playwright.

A JupyterLab server runs on copies of the lecture notebooks in a temporary folder (so
nothing in the repository is touched), Chromium runs all cells of a notebook, and the
tests then move its explorer's controls the way a student would and read back the figure
the kernel drew (the explorer's SVG keeps its text as text, so titles and captions can be
read).

Needs Debian's ``chromium`` (``apt-get install chromium``; Playwright's own browser
download is not used). Outside CI a missing browser skips these tests with that hint; in
CI (``CI`` set) it fails them.
"""
from __future__ import annotations

import pytest

from browser import drawn_svg, explorer, notebook_page, type_into_slider, wait_for_drawing

pytestmark = pytest.mark.browser


page = notebook_page("01_gaussian_collapse.ipynb", "gaussian_explorer.png")
tail_page = notebook_page("02_tails_markov_chain.ipynb", "tail_explorer.png")
regression_page = notebook_page("03_regression_chain.ipynb", "regression_explorer.png")
bias_variance_page = notebook_page("04_bias_variance.ipynb", "bias_variance_explorer.png")
scaling_page = notebook_page("05_scaling_laws.ipynb", "scaling_explorer.png")
mitigation_page = notebook_page("06_mitigations.ipynb", "mitigation_explorer.png")
language_page = notebook_page("07_real_data_lab.ipynb", "language_explorer.png")
generative_page = notebook_page("08_generative_lab.ipynb", "generative_explorer.png")


def test_explorer_renders_in_jupyterlab(page):
    box = explorer(page)
    box.scroll_into_view_if_needed()
    box.locator("img").wait_for(state="visible")
    svg = wait_for_drawing(page, "M = 10")
    assert "unbiased" in svg and "E σ²ₙ (exact)" in svg
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_moving_the_m_slider_redraws_the_figure(page):
    type_into_slider(page, 0, 50)
    wait_for_drawing(page, "M = 50")


def test_estimator_buttons_switch_the_theory(page):
    explorer(page).get_by_role("button", name="mle", exact=True).click()
    wait_for_drawing(page, "MLE (÷M)")


def test_strategy_dropdown_without_formula_says_so(page):
    explorer(page).locator("select").first.select_option("accumulate")
    svg = wait_for_drawing(page, "accumulate")
    assert "No closed form" in svg and "E σ²ₙ (exact)" not in svg


def test_tail_explorer_renders_and_follows_its_controls(tail_page):
    svg = wait_for_drawing(tail_page, "K = 50")
    assert "exact E (Markov chain)" in svg
    type_into_slider(tail_page, 1, 20)  # K
    wait_for_drawing(tail_page, "K = 20")
    type_into_slider(tail_page, 0, 7)  # M
    wait_for_drawing(tail_page, "Transition matrix, M = 7")
    explorer(tail_page).locator("select").first.select_option("mix")
    svg = wait_for_drawing(tail_page, "mix")
    assert "No closed form" in svg
    assert tail_page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_regression_explorer_follows_its_controls_and_explains_invalid_sizes(regression_page):
    page = regression_page
    assert "theory: exact OLS" in wait_for_drawing(page, "T₀ = 60")
    type_into_slider(page, 1, 120)  # T0
    wait_for_drawing(page, "T₀ = 120")
    type_into_slider(page, 0, 70)   # d = 70 > T - 2 with OLS: a message, not a traceback
    message = explorer(page).locator(".widget-html").first
    message.get_by_text("cannot be drawn").wait_for()
    assert "T ≥ d + 2" in message.inner_text()
    type_into_slider(page, 0, 25)
    from playwright.sync_api import expect
    expect(message).to_have_text("")   # the message clears once the sizes are valid again
    wait_for_drawing(page, "d = 25")


def test_bias_variance_explorer_follows_its_controls(bias_variance_page):
    page = bias_variance_page
    wait_for_drawing(page, "n = 10: ")
    type_into_slider(page, 5, 4)    # largest n shown
    wait_for_drawing(page, "n = 4: ")
    explorer(page).locator("select").first.select_option("power law")
    wait_for_drawing(page, "power law")


def test_scaling_explorer_follows_its_controls_and_greys_out_the_regime(scaling_page):
    page = scaling_page
    svg = wait_for_drawing(page, "n = 10, ℓ_crit")
    assert "Exponents: ℓ_crit = 0.67" in svg and "T₀ = 2d at every T" in svg
    type_into_slider(page, 2, 3)    # generations n
    wait_for_drawing(page, "n = 3, ℓ_crit")
    regime = explorer(page).locator("select").first
    regime.select_option("T₀ = 2d · T/T_min")
    wait_for_drawing(page, "T₀ grows like T")
    type_into_slider(page, 2, 0)    # no generations: only the clean curve, regime disabled
    from playwright.sync_api import expect
    expect(regime).to_be_disabled()
    type_into_slider(page, 0, 3)    # beta: l_crit = 3/(2·3·0.5 + 1) = 0.75
    svg = wait_for_drawing(page, "Exponents: ℓ_crit = 0.75")
    assert "clean, ℓ = 1.50" in svg and "ℓ_crit:" not in svg
    assert page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_mitigation_explorer_switches_worlds_strategies_and_budgets(mitigation_page):
    page = mitigation_page
    svg = wait_for_drawing(page, "Gaussian: mix, 20 % real vs replace (M = 20)")
    assert "mix, 20 % real: exact mean" in svg
    box = explorer(page)
    box.get_by_role("button", name="regression", exact=True).click()
    wait_for_drawing(page, "regression: mix, 20 % real vs replace (T₀ = 20)")
    box.locator("select").first.select_option("accumulate-subsample")
    svg = wait_for_drawing(page, "regression: accumulate-subsample vs replace")
    assert "No closed form for accumulate-subsample" in svg
    from playwright.sync_api import expect
    expect(box.locator(".widget-readout").first).to_have_attribute("contenteditable", "false")
    type_into_slider(page, 1, 40)   # budget
    wait_for_drawing(page, "(T₀ = 40)")
    assert page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_language_explorer_follows_temperature_and_strategy_and_shows_its_text(language_page):
    page = language_page
    wait_for_drawing(page, "Bigram, replace, temperature 1")
    box = explorer(page)
    samples = box.locator(".widget-html pre")
    assert "n = 0 (real text):" in samples.inner_text()
    type_into_slider(page, 0, 0.7)      # temperature
    wait_for_drawing(page, "Bigram, replace, temperature 0.7")
    box.locator("select").first.select_option("accumulate")
    wait_for_drawing(page, "Bigram, accumulate, temperature 0.7")
    box.get_by_role("button", name="3", exact=True).click()
    svg = wait_for_drawing(page, "Trigram, accumulate, temperature 0.7")
    assert "all real words" in svg and "the rarest 10 %" in svg
    assert "n = 10:" in samples.inner_text()
    assert page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0


def test_generative_explorer_draws_digits_and_follows_its_controls(generative_page):
    page = generative_page
    svg = wait_for_drawing(page, "replace, t = 0.8")
    assert "<image" in svg and "n = 10" in svg          # the picture of drawn digits
    type_into_slider(page, 2, 3)        # components K (after f and the generations)
    wait_for_drawing(page, "K = 3 components")
    type_into_slider(page, 4, 1)        # temperature t
    wait_for_drawing(page, "replace, t = 1")
    explorer(page).get_by_role("button", name="on", exact=True).click()
    svg = wait_for_drawing(page, "replace, t = 1, repaired")
    assert "The minority digit 8" in svg and "held-out real images" in svg
    assert page.locator(
        ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
