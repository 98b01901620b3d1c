"""The library's shape: one folder per world on a shared core, one vocabulary, documented.

These tests walk the installed package, so a new chapter's folder is checked as soon as
it exists. The layout and the vocabulary they enforce are described in CONTRIBUTING.md.
"""
from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import collapse_lib

PACKAGE = Path(collapse_lib.__file__).parent
MODULES = sorted(info.name for info in pkgutil.walk_packages([str(PACKAGE)], "collapse_lib.")
                 ) + ["collapse_lib"]

# The worlds (one folder each), the shared core, and modules that only re-export.
CORE = "collapse_lib.core"
WORLDS = ("collapse_lib.gaussian", "collapse_lib.markov", "collapse_lib.regression",
          "collapse_lib.language", "collapse_lib.digits", "collapse_lib.generative")
# Chapters that compare worlds may import worlds.
COMPARISONS = ("collapse_lib.mitigations",)
INDEXES = ("collapse_lib.widgets", "collapse_lib.plotting", "collapse_lib.theory",
           "collapse_lib.scaling")
STANDALONE = ("collapse_lib.environment",)

# Arguments that may be given by position: a world's data (a probability vector, a
# spectrum, x and y of a fit), the generation index n of a formula, what a plot draws on
# and draws, and the plumbing of checks and controls. Everything else (every size, count
# and scale) must be keyword-only.
POSITIONAL_ALLOWED = {
    "n", "p", "p0", "spectrum", "x", "y", "w0",
    "ax", "figure", "chain", "samples", "theory", "paths", "curves", "matrix", "counts",
    "law", "text", "label", "statistic", "generation", "generations", "category", "ridges",
    "theory_by_n", "simulated", "parts", "path", "which",
    "array", "values", "levels", "rng", "root_spectrum", "factor", "seed",
    "name", "value", "low", "high", "feedback", "allowed", "error", "choices", "strategy", "real_fraction",
    "controls", "draw", "description", "minimum", "maximum", "step", "options",
    "pins", "checks", "estimator", "sizes", "errors", "ells", "fitted", "predicted",
    # exercise checks take the learner's function and compare data
    "function", "got", "expected", "passed", "message", "runs", "one_generation",
    "log_variance_drift", "wright_fisher_matrix", "loss_by_generation", "absorption_times",
    "ols_generation", "ols_error", "kappa_fixed_point", "variance_term",
    "temperature_probabilities", "perplexity_from_log_probabilities", "kernel_ridge_weights",
    "chains_by_strategy", "drawing_spread", "log_det_drift", "quotas_for",
    "generations_to_halve", "lost_mass",
    "n_values", "n_steps",      # the one quantity a resource guard weighs
    # the language world's data: a text, its sentences, a fitted model (two to merge)
    "corpus", "sentences", "model", "first", "second", "index",
    # the generative world's data: points, images, a fitted mixture, its drawings and
    # the judge's reading of them
    "points", "pixels", "mixture", "drawn", "read", "shares",
}
REPLICATE_NAMES = {"n_trials", "trials", "n_replicates", "replicates", "n_runs", "runs",
                   "n_reps", "reps", "n_repeats", "n_simulations"}


def module(name):
    return importlib.import_module(name)


def public_callables():
    """(qualified name, callable) for every function, class and public method in __all__."""
    seen = set()
    for name in MODULES:
        mod = module(name)
        for attribute in getattr(mod, "__all__", []):
            obj = getattr(mod, attribute)
            if not callable(obj) or id(obj) in seen:
                continue
            seen.add(id(obj))
            yield f"{obj.__module__}.{obj.__qualname__}", obj
            if inspect.isclass(obj) and obj.__module__.startswith("collapse_lib"):
                for method_name, method in vars(obj).items():
                    if inspect.isfunction(method) and not method_name.startswith("_"):
                        yield f"{obj.__module__}.{obj.__qualname__}.{method_name}", method


CALLABLES = sorted(public_callables(), key=lambda item: item[0])


def own_functions():
    """Public functions (and explorer classes) defined in the library, with their module."""
    for qualified, obj in CALLABLES:
        if inspect.isfunction(obj) and obj.__module__.startswith("collapse_lib"):
            yield qualified, obj


def test_the_walk_finds_every_world_and_the_core():
    for expected in (CORE, *WORLDS, *COMPARISONS, *INDEXES, *STANDALONE):
        assert expected in MODULES
    assert len(CALLABLES) > 80


@pytest.mark.parametrize("qualified, function", list(own_functions()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_sizes_counts_and_scales_are_keyword_only(qualified, function):
    parameters = inspect.signature(function).parameters.values()
    positional = [p.name for p in parameters
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.name != "self"]
    trapped = [name for name in positional if name not in POSITIONAL_ALLOWED]
    assert not trapped, f"{qualified}: make {trapped} keyword-only (after a bare *)"


@pytest.mark.parametrize("qualified, obj", CALLABLES,
                         ids=lambda value: value if isinstance(value, str) else "")
def test_replicates_are_called_n_chains(qualified, obj):
    try:
        names = set(inspect.signature(obj).parameters)
    except (TypeError, ValueError):
        return
    assert not names & REPLICATE_NAMES, f"{qualified}: call replicates n_chains"


@pytest.mark.parametrize("name", MODULES)
def test_every_module_has_a_docstring_and_an_all(name):
    mod = module(name)
    assert (mod.__doc__ or "").strip(), f"{name} has no docstring"
    assert hasattr(mod, "__all__"), f"{name} has no __all__"
    for attribute in mod.__all__:
        assert hasattr(mod, attribute), f"{name}.__all__ names missing {attribute!r}"


def test_the_package_docstring_lists_every_top_level_module():
    top = {info.name for info in pkgutil.iter_modules([str(PACKAGE)])}
    for name in top:
        assert f"collapse_lib.{name}" in collapse_lib.__doc__, f"package docstring misses {name}"


def documented_functions():
    for qualified, obj in own_functions():
        if obj.__qualname__ == obj.__name__:          # module-level functions
            yield qualified, obj


@pytest.mark.parametrize("qualified, function", list(documented_functions()),
                         ids=lambda value: value if isinstance(value, str) else "")
def test_every_public_function_has_a_numpydoc_docstring_with_a_runnable_example(
        qualified, function):
    doc = inspect.getdoc(function) or ""
    parameters = [p for p in inspect.signature(function).parameters if p != "self"]
    if parameters:
        assert "Parameters\n----------" in doc, f"{qualified}: no Parameters section"
        for parameter in parameters:
            assert parameter in doc, f"{qualified}: parameter {parameter!r} is not described"
    returns_nothing = inspect.signature(function).return_annotation in (None, "None", "NoReturn")
    if not returns_nothing:
        assert "Returns\n-------" in doc, f"{qualified}: no Returns section"
    assert "Examples\n--------" in doc and ">>> " in doc, f"{qualified}: no Example"


def imports_of(path: Path, package: str) -> set[str]:
    """The collapse_lib modules a source file imports (relative imports resolved)."""
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("collapse_lib")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            if target.startswith("collapse_lib"):
                if node.module is None:  # from . import plotting
                    found |= {f"{target}.{alias.name}" for alias in node.names}
                else:
                    found.add(target)
    return found


def source_files():
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(relative.parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join(parts)
        package = name if is_package else ".".join(parts[:-1])
        yield name, path, package


GRAPH = {name: imports_of(path, package) for name, path, package in source_files()}


def area(name: str) -> str:
    for root in (CORE, *WORLDS, *COMPARISONS):
        if name == root or name.startswith(root + "."):
            return root
    return name


def test_the_import_graph_has_the_documented_shape():
    for name, targets in GRAPH.items():
        home = area(name)
        reached = {area(target) for target in targets} - {home}
        if home == CORE:
            assert not reached, f"{name}: the core imports no world ({reached})"
        elif home in WORLDS:
            assert reached <= {CORE}, f"{name}: a world imports only the core ({reached})"
        elif home in COMPARISONS:
            assert reached <= {CORE, *WORLDS}, f"{name}: imports {reached}"
        elif home in STANDALONE:
            assert not reached, f"{name}: imports {reached}"
        elif home == "collapse_lib":
            assert not targets, "the package's __init__ imports nothing (modules load on demand)"
        else:
            assert home in INDEXES, f"{name}: a new top-level module must be listed here"


@pytest.mark.parametrize("name", INDEXES)
def test_index_modules_only_re_export(name):
    path = PACKAGE / (name.split(".")[-1] + ".py")
    body = ast.parse(path.read_text()).body
    for node in body:
        is_docstring = isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        is_all = isinstance(node, ast.Assign) and [t.id for t in node.targets] == ["__all__"]
        assert is_docstring or is_all or isinstance(node, ast.ImportFrom), \
            f"{name} defines something (line {node.lineno}); define it in a world or the core"


def test_there_are_no_import_cycles():
    graph = {name: {t for t in targets if t in GRAPH} for name, targets in GRAPH.items()}
    # a package's __init__ importing its own submodules is the only allowed back-edge
    state: dict[str, int] = {}

    def visit(node, trail):
        state[node] = 1
        for target in graph[node]:
            if node.startswith(target + "."):
                continue  # a submodule importing from its package's core, e.g. ..core
            if state.get(target) == 1 and not target.startswith(node + "."):
                raise AssertionError("import cycle: " + " -> ".join(trail + [target]))
            if target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for name in graph:
        if name not in state:
            visit(name, [name])


def test_every_explorer_is_in_the_index_and_nowhere_else_defined():
    from collapse_lib import widgets

    for name in MODULES:
        if name.endswith(".explorer") and name != f"{CORE}.explorer":
            for attribute in module(name).__all__:
                if attribute.endswith("_explorer"):
                    assert getattr(widgets, attribute) is getattr(module(name), attribute)
