"""The ``medialit`` command. Each subcommand lives in the module of its idea.

A module that offers a subcommand defines two functions::

    def configure_parser(parser: argparse.ArgumentParser) -> None: ...
    def run(args: argparse.Namespace) -> int: ...   # the exit code

Example:
    $ medialit sources articles/003_e9d2e54b478fccd7.txt --json
"""
from __future__ import annotations

import argparse
import importlib
import sys

from medialit.fast_imports import skip_iri_parser

# subcommand -> (module, one-line help). Modules are imported only when used.
COMMANDS = {
    "show": ("medialit.corpus_cli", "print an article sentence by sentence with its ids"),
    "exercises": ("medialit.notebooks", "generate exercises/ from solutions/ (or --check for drift)"),
    "sources": ("medialit.sources", "label each sentence by who stands behind its claim"),
    "dates": ("medialit.dates", "find time expressions and normalise them (TimeML)"),
    "framing": ("medialit.framing", "actor labels and key terms per article"),
    "overlap": ("medialit.overlap", "shared text between articles: copies or independent?"),
    "brief": ("medialit.brief", "export a reliability brief as a standalone HTML page"),
    "grade": ("medialit.grader", "grade a class's submitted exercise notebooks"),
    "release": ("medialit.release", "write the student release (no solutions, no key)"),
    "handouts": ("medialit.handouts", "render every lesson to standalone HTML (and PDF)"),
    "links": ("medialit.launch", "Binder, hub and Colab links; --write puts them in the README and notebooks"),
    "progress": ("medialit.progress", "show which questions you have done and what is next"),
    "case": ("medialit.cases", "start a case of your own: case.json, articles and a catalog"),
}


def build_parser(only: str | None = None, load_all: bool = True) -> argparse.ArgumentParser:
    """The parser. With ``only``, just that subcommand's module is imported (fast start); without
    it every module is, unless ``load_all`` is false (``medialit --help`` imports none)."""
    parser = argparse.ArgumentParser(prog="medialit", description="The Naqoura media-literacy kit.")
    subs = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (module_name, help_text) in COMMANDS.items():
        if name != only and (only is not None or not load_all):
            subs.add_parser(name, help=help_text)
            continue
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:      # a subcommand whose module is not part of this copy
                continue
            raise
        sub = subs.add_parser(name, help=help_text, description=help_text)
        module.configure_parser(sub)
        sub.set_defaults(_module=module)
    return parser


def main(argv=None) -> int:
    skip_iri_parser()                # 1-2 s less for every command that reads a notebook
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv and argv[0] in COMMANDS else None, load_all=False)
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    try:
        return int(args._module.run(args) or 0)
    except BrokenPipeError:          # e.g. `medialit show ... | head`
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
