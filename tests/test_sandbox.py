"""The grader's sandbox, without starting kernels: what a kernel is shown, the command lines, the fallback.

The red team that runs kernels in the sandbox is tests/test_grader.py. Docker/Podman could not
be run on the development machine (no engine): these tests check the command line it builds.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from grader_cases import FIXTURE_NAME, exercise_with, right_answers, write, write_fixture

from medialit import grader
from medialit.corpus import KIT_ROOT
from medialit.grader_kernel import (KIT_PARTS, Sandbox, bwrap_command, bwrap_kernel_command, detect_sandbox,
                                    docker_build_command, docker_run_command, kernel_env, sandbox_binds)


def test_a_sandboxed_kernel_is_shown_the_python_environment_and_kit_parts_only(tmp_path):
    subs, out = tmp_path / "subs", tmp_path / "out"
    binds = sandbox_binds(KIT_ROOT, [KIT_ROOT / "solutions", subs, out, Path.cwd()])
    kit = [Path(b) for b in binds if Path(b) == KIT_ROOT or KIT_ROOT in Path(b).parents]
    allowed = {KIT_ROOT / part for part in KIT_PARTS}
    assert KIT_ROOT not in kit and all(p in allowed or ".venv" in p.parts for p in kit), kit
    for b in binds:                      # nothing shown holds the key, the solutions or the class's files
        for secret in (KIT_ROOT / "solutions", subs, out):
            assert not (secret == Path(b) or Path(b) in secret.parents), (b, secret)
    cmd = bwrap_command("bwrap", binds, tmp_path / "kernels", kernel_env())
    shown = [cmd[i + 1] for i, a in enumerate(cmd) if a in ("--ro-bind", "--bind")]
    assert str(KIT_ROOT) not in shown and str(KIT_ROOT / "solutions") not in shown
    assert "--unshare-net" in cmd and "--unshare-ipc" in cmd and "--die-with-parent" in cmd and "--clearenv" in cmd
    assert [a for a in cmd if a == "--bind"] == ["--bind"]          # one writable folder: the kernels' own


def test_a_protected_folder_inside_the_python_environment_is_refused(tmp_path):
    import sys
    inside = Path(sys.prefix).resolve() / "lib"
    with pytest.raises(ValueError, match="the sandbox would show"):
        sandbox_binds(KIT_ROOT, [inside])


def test_cold_kernel_command_unshares_everything_and_caps_tmp(tmp_path):
    cmd = bwrap_kernel_command("bwrap", ["/opt/py"], tmp_path / "k-1", kernel_env(), "python")
    assert cmd[:4] == ["bwrap", "--unshare-all", "--die-with-parent", "--new-session"]
    assert "--share-net" not in cmd and cmd[cmd.index("--size") + 2] == "--tmpfs"
    assert cmd[cmd.index("--bind") + 1:cmd.index("--bind") + 3] == [str(tmp_path / "k-1"), "/k"]


def test_docker_command_line_not_run_here(tmp_path):
    """Docker/Podman: one container per kernel, no network, read-only, no capabilities (built, not run)."""
    cmd = docker_run_command("docker", "medialit-grader:abc", "medialit-k-1", tmp_path / "k-1", 2 * 1024 ** 3)
    assert cmd[:3] == ["docker", "run", "--rm"]
    for flag, value in (("--network", "none"), ("--cap-drop", "ALL"), ("--security-opt", "no-new-privileges"),
                        ("--memory", str(2 * 1024 ** 3)), ("--name", "medialit-k-1")):
        assert cmd[cmd.index(flag) + 1] == value, flag
    assert "--read-only" in cmd and any(a.startswith("/tmp:rw,size=64m") for a in cmd)
    assert [cmd[i + 1] for i, a in enumerate(cmd) if a == "-v"] == [f"{tmp_path / 'k-1'}:/k"]   # one host folder
    assert "MEDIALIT_KEY_DIR=none" in cmd and not [a for a in cmd if "PWD" in a]
    build, dockerfile = docker_build_command("podman", KIT_ROOT)
    assert build[:2] == ["podman", "build"] and build[-2:] == ["-f", "-"]
    assert "requirements.txt" in dockerfile and "solutions" not in dockerfile and "USER 65534" in dockerfile


def test_without_bwrap_or_docker_the_grader_falls_back_and_says_why(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))                      # no bwrap, no docker, no podman
    monkeypatch.delenv("MEDIALIT_SANDBOX", raising=False)
    box = detect_sandbox("auto")
    assert box.mode == "none" and not box.isolated and "bubblewrap" in box.why
    monkeypatch.setenv("MEDIALIT_SANDBOX", "none")
    assert detect_sandbox("auto").mode == "none"
    with pytest.raises(ValueError):
        detect_sandbox("chroot")
    assert Sandbox("docker", "docker").isolated


def test_links_pipes_and_hidden_files_are_refused_with_a_reason(tmp_path):
    subs, outside = tmp_path / "subs", tmp_path / "outside"
    write(subs, "amal.ipynb", exercise_with(right_answers()))
    write(outside, "secret.ipynb", exercise_with(right_answers()))
    os.symlink(outside / "secret.ipynb", subs / "link.ipynb")
    os.symlink(outside, subs / "folder-link")
    os.link(outside / "secret.ipynb", subs / "hard.ipynb")
    os.mkfifo(subs / "pipe.ipynb")
    write(subs, ".hidden.ipynb", exercise_with(right_answers()))
    write(subs, "bilal/.ipynb_checkpoints/x-checkpoint.ipynb", exercise_with(right_answers()))
    write(subs, "bilal/x.ipynb", exercise_with(right_answers()))
    found = {s.student: (s.path.name if s.path else None, [why for _, why in s.refused]) for s in grader.find_submissions(subs)}
    assert found == {
        ".hidden": (None, ["skipped: hidden file"]),
        "amal": ("amal.ipynb", []),
        "bilal": ("x.ipynb", []),                                   # checkpoints: silently left out
        "folder-link": (None, ["refused: a symbolic link to a folder"]),
        "hard": (None, ["refused: a hard link (the file has another name elsewhere; hand in a copy)"]),
        "link": (None, ["refused: a symbolic link (hand in the notebook itself)"]),
        "pipe": (None, ["refused: not a regular file (a pipe, socket or device)"]),
    }
    # opened without following links even when the file was swapped for a link after the scan
    os.replace(subs / "link.ipynb", subs / "amal.ipynb")
    with pytest.raises(grader.Unreadable, match="symbolic link"):
        grader.read_submission(subs, subs / "amal.ipynb")


def test_one_answer_that_breaks_grade_costs_that_question_only(tmp_path, monkeypatch):
    """Whatever grade() raises on one answer (e.g. OverflowError from 10**400), the other questions count."""
    exercise, keys = write_fixture(tmp_path / "fx")
    assignment = grader.load_assignment(str(exercise), keys)
    subs = tmp_path / "subs"
    write(subs, "amal.ipynb", exercise_with(right_answers()))

    class NoKernel:
        dir = tmp_path

        def kill(self):
            pass

    class Pool:
        def get(self):
            return NoKernel()

    import medialit.grading as grading
    real = grading.grade

    def fragile(question, spec, answer):
        if question == "q2":
            raise OverflowError("int too large to convert to float")
        return real(question, spec, answer)

    values = {"q1": "002", "q2": 10 ** 400, "q3": {"000": "x"}}
    monkeypatch.setattr(grading, "grade", fragile)
    monkeypatch.setattr(grader, "run_steps", lambda *a, **k: {q: ("value", v) for q, v in values.items()})
    sub = grader.find_submissions(subs)[0]
    res = grader.grade_submission(assignment, sub, subs, Pool(), grader.Options())
    by_q = {r.question: r for r in res.results}
    assert by_q["q1"].status == "correct" and by_q["q1"].points == 1
    assert by_q["q2"].status == "wrong form" and "OverflowError" in by_q["q2"].message
    assert by_q["q3"].status == "not yet" and by_q["q4"].status == "not run"
    assert FIXTURE_NAME.startswith("01_")
