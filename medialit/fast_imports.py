"""Skip a slow import nothing in the kit needs: jsonschema's parser for IRIs (RFC 3987).

jsonschema, which nbformat and Jupyter use to check notebooks, imports the optional package
``rfc3987_syntax`` where it is installed (JupyterLab installs it). That package builds about 35
Earley parsers with lark as it is imported: 1-2 s of CPU in every process that reads a notebook
(python-jsonschema/jsonschema#1428, jupyter-server/jupyter_server#1559). Only the JSON-schema
formats "iri" and "iri-reference" use it, and no notebook or Jupyter schema asks for them.

Marking the package as absent before jsonschema is imported makes jsonschema skip those two
format checks, exactly as it does where the package is not installed. Nothing else changes.
The kit's command line does this first; the test suite loads this module as a pytest plugin
(``-p medialit.fast_imports`` in ``pyproject.toml``), before nbval imports nbformat.

    >>> import sys
    >>> skip_iri_parser()
    >>> "jsonschema._format" in sys.modules or sys.modules.get("rfc3987_syntax", "absent") is None
    True
"""
from __future__ import annotations

import sys


def skip_iri_parser() -> None:
    """Before jsonschema is imported, mark ``rfc3987_syntax`` as not installed (see the module's docstring)."""
    if "jsonschema._format" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


skip_iri_parser()
