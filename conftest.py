"""Root conftest: how nbval's verdicts on *exercise* notebooks are read.

An exercise notebook, unanswered, must fail under nbval exactly at its graded
check cells and nowhere else. pytest collects `exercises/` (and the practice
case's exercises) with `--nbval-lax`; this hook turns each check cell's
expected failure into a pass, and reports a failure when

* a check cell of an unanswered exercise *passes* (it printed the correct
  line without an answer: the check would be worthless), or
* any other cell fails (an exercise must run cleanly apart from its checks).
"""
import pytest


def _is_exercise_check(item) -> bool:
    cell = getattr(item, "cell", None)
    if cell is None:
        return False
    path = str(item.fspath).replace("\\", "/")
    return "/exercises/" in path and "check" in cell.get("metadata", {}).get("tags", [])


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not _is_exercise_check(item):
        return
    if report.failed:
        report.outcome = "passed"
        report.longrepr = None
        report.sections.append(("exercise", "unanswered check cell failed, as it must"))
    elif report.passed:
        report.outcome = "failed"
        report.longrepr = (f"{item.fspath}::{item.name}: an unanswered check cell printed its target line; "
                           "the check does not depend on the answer")


# The longest test files start first, so that both xdist workers finish at about
# the same time. xdist keeps this order because of --no-loadscope-reorder (by
# default it sorts files by their number of tests, which sends the one-test
# browser check to the very end). Measured with `pytest -n 0 --durations=0`.
LONGEST_FIRST = ("tests/test_grader.py", "tests/test_browser.py", "tests/test_no_leaks.py", "tests/test_handouts.py")


def pytest_collection_modifyitems(items):
    def rank(item):
        path = item.nodeid.split("::")[0]
        return LONGEST_FIRST.index(path) if path in LONGEST_FIRST else len(LONGEST_FIRST)
    items.sort(key=rank)         # stable: everything else keeps its collection order
