"""Two slow imports the kit avoids, with nothing else changed.

**jsonschema's parser for IRIs (RFC 3987).** jsonschema, which nbformat and Jupyter use to check notebooks, imports the optional package
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

**All of NLTK, for a sentence splitter.** ``import nltk`` (and so ``from nltk.tokenize.punkt import
...``) runs ``nltk/__init__.py``, which imports the whole toolkit: 245 modules and numpy, about
0.35 s of CPU in every process that splits an article into sentences, which needs 26 of them.
:func:`light_nltk` (called when ``medialit`` is imported) puts stand-ins for the two packages
``nltk`` and ``nltk.tokenize`` in ``sys.modules``. Importing a submodule works as usual; the
first time anything else is asked of either package (``nltk.FreqDist``, ``dir(nltk)``,
``from nltk import *``) its real ``__init__.py`` runs inside the same module object, so
``import nltk`` in a student's cell behaves exactly as without the kit.

    >>> light_nltk()
    >>> import nltk
    >>> nltk.FreqDist("abracadabra").most_common(1)      # the whole package, loaded on first use
    [('a', 5)]
"""
from __future__ import annotations

import importlib.util
import sys
import types


def skip_iri_parser() -> None:
    """Before jsonschema is imported, mark ``rfc3987_syntax`` as not installed (see the module's docstring)."""
    if "jsonschema._format" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


class PackageLoadedOnFirstUse(types.ModuleType):
    """A package whose ``__init__.py`` runs the first time a name it defines is asked for."""

    def __getattr__(self, name):            # only called for names not (yet) in the module
        spec = importlib.util.find_spec(f"{self.__name__}.{name}") if not name.startswith("_") else None
        if spec is not None:                # a submodule (`from nltk import util`): import just that
            return importlib.import_module(f"{self.__name__}.{name}")
        _run_init(self)
        try:
            return self.__dict__[name]
        except KeyError:
            raise AttributeError(f"module {self.__name__!r} has no attribute {name!r}") from None

    def __dir__(self):
        _run_init(self)
        return sorted(self.__dict__)


def _run_init(module: types.ModuleType) -> None:
    """Run the package's real ``__init__.py`` in ``module`` (once); from then on it is a plain module."""
    if type(module) is not PackageLoadedOnFirstUse:
        return
    module.__class__ = types.ModuleType     # while and after it runs: a normal (partly loaded) module
    code = module.__spec__.loader.get_code(module.__name__)
    exec(code, module.__dict__)


def light_nltk() -> None:
    """Stand-ins for ``nltk`` and ``nltk.tokenize`` until more than a submodule is needed (see above)."""
    for name in ("nltk", "nltk.tokenize"):
        if name in sys.modules:
            return                          # already imported: nothing to gain, nothing to change
        spec = importlib.util.find_spec(name)
        if spec is None or spec.submodule_search_locations is None:
            return                          # NLTK is not installed: the kit's own error says so later
        module = PackageLoadedOnFirstUse(name)
        module.__spec__, module.__loader__, module.__file__ = spec, spec.loader, spec.origin
        module.__path__, module.__package__ = list(spec.submodule_search_locations), name
        sys.modules[name] = module
        parent, _, child = name.rpartition(".")
        if parent:
            setattr(sys.modules[parent], child, module)


skip_iri_parser()
