"""``medialit show FILE...``: print articles sentence by sentence with their ids."""
from __future__ import annotations

import sys
from pathlib import Path

from .corpus import Article, load_catalog, show_article


def read_articles(paths, stderr=None):
    """Load each file as an Article; a bad file gets one clear line on stderr.

    Returns ``(articles, failures)``; the other files are still loaded.
    """
    stderr = stderr if stderr is not None else sys.stderr   # looked up now, not at import
    articles, failures = [], 0
    for p in paths:
        path = Path(p)
        try:
            catalog = load_catalog(str(path.parent.resolve()))
            art = Article.from_file(path)
            rec = catalog.get(art.id)
            if rec:
                art = Article.from_file(path, art.id, rec.get("label", ""), rec.get("line_roles"))
            articles.append(art)
        except FileNotFoundError:
            print(f"medialit: {p}: no such file", file=stderr)
            failures += 1
        except IsADirectoryError:
            print(f"medialit: {p}: is a folder, not a text file", file=stderr)
            failures += 1
        except UnicodeDecodeError:
            print(f"medialit: {p}: not a UTF-8 text file", file=stderr)
            failures += 1
        except OSError as exc:
            print(f"medialit: {p}: cannot read ({exc.strerror})", file=stderr)
            failures += 1
    return articles, failures


def configure_parser(parser):
    parser.add_argument("files", nargs="+", metavar="FILE", help="article text files")
    parser.add_argument("--width", type=int, default=100, help="line width (default 100)")


def run(args) -> int:
    articles, failures = read_articles(args.files)
    for art in articles:
        show_article(art, width=args.width)
        print()
    return 1 if failures else 0
