"""Every `medialit` command the README and the guides print works as typed (issue 16).

Each command line in a ``bash`` block of README.md and docs/ is parsed by the real
``medialit`` parser (an option that does not exist, or a missing argument, fails here).
The your-own-case walk-through is then run for real, in a shell, in a fresh folder,
with the kit's environment activated the way the README says — so the commands a
teacher copies are the ones that run.
"""
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import KIT_ROOT
from medialit.cli import COMMANDS, build_parser

DOCS = [KIT_ROOT / "README.md", *sorted((KIT_ROOT / "docs").rglob("*.md"))]


def documented_commands():
    out = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        for block in re.findall(r"```(?:bash|sh|console)\n(.*?)```", text, re.DOTALL):
            for line in block.splitlines():
                line = line.split(" #")[0].strip()
                m = re.match(r"^(?:\.venv/bin/)?medialit(\s.*)?$", line)
                if m:
                    out.append((doc.relative_to(KIT_ROOT).as_posix(), line))
    return out


COMMAND_LINES = documented_commands()


def test_the_docs_print_commands_at_all():
    assert len(COMMAND_LINES) >= 8
    assert any("handouts" in c for _, c in COMMAND_LINES) and any("grade" in c for _, c in COMMAND_LINES)


@pytest.mark.parametrize("doc,line", COMMAND_LINES, ids=[f"{d}: {c[:60]}" for d, c in COMMAND_LINES])
def test_each_documented_command_parses(doc, line):
    args = shlex.split(line)[1:]
    if not args or args[0] in ("--help", "-h"):
        return
    assert args[0] in COMMANDS, f"{doc}: no subcommand {args[0]!r}"
    try:
        build_parser(args[0]).parse_args(args)
    except SystemExit as exc:
        pytest.fail(f"{doc}: `{line}` does not parse (exit {exc.code})")


def test_the_readme_says_how_to_reach_the_command():
    readme = (KIT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "source .venv/bin/activate" in readme and ".venv\\Scripts\\activate" in readme
    assert ".venv/bin/jupyter lab" in readme, "the command to open the kit again"
    assert re.search(r"python3 -m venv \.venv && \.venv/bin/pip install -r requirements\.txt\s", readme), \
        "an install-only command"


@pytest.mark.skipif(not (KIT_ROOT / ".venv" / "bin" / "activate").exists(),
                    reason="runs where the README's install made .venv (CI does)")
def test_the_own_case_walk_through_runs_as_typed_in_an_activated_shell(tmp_path):
    guide = (KIT_ROOT / "docs" / "your-own-case.md").read_text(encoding="utf-8")
    lines = [c for d, c in COMMAND_LINES if d == "docs/your-own-case.md" and not c.startswith("medialit links")]
    assert lines and lines[0].startswith("medialit case init"), "the guide starts with `medialit case init`"
    for name, src in zip(("first.txt", "second.txt", "third.txt"),
                         sorted((KIT_ROOT / "tests" / "cases" / "riverton" / "articles").glob("*.txt"))):
        shutil.copy(src, tmp_path / name)
    script = "set -e\nsource " + shlex.quote(str(KIT_ROOT / ".venv" / "bin" / "activate")) + "\n" + "\n".join(lines) + "\n"
    env = {k: v for k, v in os.environ.items() if k not in ("MEDIALIT_CASE", "MEDIALIT_KEY_DIR")}
    done = subprocess.run(["bash", "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0, f"{done.stdout[-1500:]}\n{done.stderr[-1500:]}"
    assert (tmp_path / "my-case" / "case.json").is_file() and "my-case" in guide
