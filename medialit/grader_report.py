"""What ``medialit grade`` writes: gradebooks, marks, import files, feedback pages, class report.

Every file is written atomically (``medialit.notebooks.write_atomic``) and is
byte-identical when the same submissions are graded again: rows are sorted by
student, there are no timestamps, and charts are PNGs without a date.

Feedback shows, per question, the task (see :func:`task_sentence`), the student's
own answer cell, the status, points and the *message* of :func:`medialit.grading.grade`
(the kind of mistake and the hint) — never the key's ``accept``/``required`` values or
its ``why`` notes — and each discussion answer rendered as Markdown (raw HTML escaped),
with the teacher's points and comment once ``--marks`` merged them.

Outputs are safe to open: a CSV cell that a spreadsheet would read as a formula is
escaped (OWASP's CSV-injection rule), control characters in names are shown
escaped in ``summary.txt``, and every student gets a feedback page of their own.

Example:
    >>> safe_name("Amal Haddad/../x")
    'Amal_Haddad_.._x'
    >>> csv_cell("=HYPERLINK(1)"), csv_cell("amal")
    ("'=HYPERLINK(1)", 'amal')
    >>> shown("evil\\nname")
    'evil\\\\nname'
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import statistics
from pathlib import Path

from .gradebook import (canvas_rows, csv_cell, marks_rows, moodle_rows, rubrics_markdown, to_csv,
                        total_with_marks)

__all__ = ["csv_cell", "write_outputs", "feedback_page", "class_report", "task_sentence", "question_prompts"]

FILES = {
    "gradebook.csv": "long gradebook: one row per student and question",
    "gradebook_wide.csv": "wide gradebook: one row per student, total and one column per question",
    "marks.csv": "ready to fill: one row per student and rubric question, the answer beside it",
    "rubrics.md": "the rubric of each discussion question, once",
    "canvas_import.csv": "Canvas gradebook import (Grades → Import)",
    "moodle_grading_worksheet.csv": "Moodle grading worksheet (Upload grading worksheet)",
    "files.csv": "which file was graded for each student (SHA-256), which were not, and the platform",
    "summary.txt": "one line per student",
    "report.html": "class report: score distribution and, per question, how many got it right",
    "feedback/STUDENT.html": "one feedback page per student",
}
RIGHT, ANSWERED_WRONG = {"correct"}, {"not yet", "wrong form"}


def _num(x) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{x:g}"


def safe_name(student: str) -> str:
    """A file name for a student id (letters, digits, dot, dash, underscore)."""
    return re.sub(r"[^A-Za-z0-9._-]+", "_", student).strip("_") or "student"


_csv = to_csv        # CSV escaping has one home: medialit.gradebook.csv_cell


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def shown(text: str) -> str:
    """A name on one line: control characters (newline, tab, escape…) written as escapes."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def page_names(results) -> dict:
    """student -> feedback page file name, unique per student id.

    A plain id keeps its name; an id that had to be changed to become a file name gets a short
    hash of the id, so ``amal haddad`` and ``amal_haddad`` get two pages.

    >>> page_names([type("R", (), {"student": s}) for s in ("amal haddad", "amal_haddad")])
    {'amal haddad': 'amal_haddad-ffa59409.html', 'amal_haddad': 'amal_haddad.html'}
    """
    names, taken = {}, set()
    for r in sorted(results, key=lambda r: r.student):
        base = safe_name(r.student)
        if base != r.student:
            base += "-" + hashlib.sha256(r.student.encode("utf-8", "surrogateescape")).hexdigest()[:8]
        name = base
        while name.lower() in taken:
            name += "_"
        taken.add(name.lower())
        names[r.student] = name + ".html"
    return names


def exercise_title(assignment) -> str:
    for c in assignment.cells:
        if c.get("cell_type") == "markdown":
            for line in "".join(c.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return f"Exercise {assignment.lesson}"


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------
def _max_all(assignment) -> float:
    return float(assignment.max_total) + sum(float(f["points"]) for f in assignment.free_text)


def long_rows(assignment, results):
    rows = [["student", "question", "points", "max_points", "status", "message", "name"]]
    for r in sorted(results, key=lambda r: r.student):
        for q in r.results:
            rows.append([r.student, q.question, _num(q.points), _num(q.max_points), q.status, q.message, r.name])
        for f in assignment.free_text:
            mark = r.marks.get(f["question"])
            if mark is not None:
                rows.append([r.student, f["question"], _num(mark.points), _num(f["points"]), "graded by hand",
                             mark.comment, r.name])
            else:
                rows.append([r.student, f["question"], "", _num(f["points"]), "to grade by hand",
                             "free-text answer: fill in marks.csv", r.name])
    return rows


def wide_rows(assignment, results):
    """One row per student: ``total`` counts auto-graded points and the hand marks merged so far."""
    qs = assignment.questions
    free = [f["question"] for f in assignment.free_text]
    rows = [["student", "name", "total", "max_total"] + qs + free + ["graded_file", "not_graded"]]
    for r in sorted(results, key=lambda r: r.student):
        pts = {q.question: _num(q.points) for q in r.results}
        rows.append([r.student, r.name, _num(total_with_marks(r)), _num(_max_all(assignment))]
                    + [pts.get(q, "0") for q in qs]
                    + [_num(r.marks[q].points) if q in r.marks else "" for q in free]
                    + [r.file, " ".join(r.others)])
    return rows


def file_rows(results):
    rows = [["student", "name", "platform", "platform_id", "late", "graded_file", "sha256",
             "not_graded_older_files", "refused_files"]]
    for r in sorted(results, key=lambda r: r.student):
        h = r.handin
        refused = "; ".join(f"{f} ({why})" for f, why in getattr(r, "refused", []))
        rows.append([r.student, r.name, getattr(h, "platform", ""), getattr(h, "lms_id", ""),
                     "late" if getattr(h, "late", False) else "", r.file, r.sha256, " ".join(r.others), refused])
    return rows


def summary_line(assignment, r) -> str:
    """``amal: 7/11 points (q1 ✓ q2 ✗ …)`` plus the problem of a failed submission."""
    marks = " ".join(f"{q.question} {'✓' if q.status == 'correct' else '✗'}" for q in r.results)
    line = f"{shown(r.student)}: {_num(r.total)}/{_num(assignment.max_total)} points ({marks})"
    if r.marks:
        line += f" + hand marks {_num(sum(m.points for m in r.marks.values()))}/" \
                f"{_num(sum(f['points'] for f in assignment.free_text))}"
    if r.problem:
        line += f" — {shown(r.problem)}"
    if r.others:
        line += f" [graded {shown(r.file)}; not graded: {shown(', '.join(r.others))}]"
    if getattr(r, "refused", None) and r.file:
        line += " [not opened: " + shown("; ".join(f"{f} ({why})" for f, why in r.refused)) + "]"
    return line


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------
CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:60rem;margin:2rem auto;
padding:0 1rem;color:#1a1a1a;line-height:1.45;font-size:17px}
h1{font-size:1.6rem;margin-bottom:.2rem} .sub{color:#555;margin-top:0}
table{border-collapse:collapse;width:100%;margin:1rem 0} th,td{border-bottom:1px solid #ddd;padding:.45rem .5rem;
text-align:left;vertical-align:top} th{background:#f3f3f3}
.st{white-space:nowrap;font-weight:600} .correct{color:#006b4f} .wrong{color:#a33d00} .none{color:#555}
.total{font-size:1.3rem;font-weight:700} .box{background:#f7f7f2;border-left:4px solid #0072B2;padding:.6rem 1rem;margin:1rem 0}
.problem{border-left-color:#D55E00} img{max-width:100%} blockquote{white-space:pre-wrap;margin:.3rem 0 1rem 0;
padding:.5rem 1rem;background:#fafafa;border-left:3px solid #bbb} .small{font-size:.9rem;color:#555}
pre.answer{white-space:pre-wrap;word-break:break-word;margin:0;font-size:.85rem;background:#fafafa;padding:.3rem}
.discussion{margin:.3rem 0 1rem 0;padding:.2rem 1rem;background:#fafafa;border-left:3px solid #bbb}
.task{font-style:italic} .flag{color:#a33d00}
"""

ICON = {"correct": ("✓ correct", "correct"), "not yet": ("✗ not yet", "wrong"),
        "wrong form": ("✗ wrong form", "wrong"), "not answered": ("– not answered", "none"),
        "missing": ("– no answer cell", "none"), "error": ("! error", "wrong"),
        "timeout": ("! too slow", "wrong"), "not run": ("– not run", "none"),
        "unreadable": ("– not read", "none"), "wrong lesson": ("– wrong notebook", "none")}


def _page(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{html.escape(title)}</title>\n"
            f"<style>{CSS}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")


IMPERATIVES = {"give", "name", "list", "write", "find", "use", "choose", "pick", "sort", "count", "copy", "quote",
               "explain", "describe", "say", "match", "compare", "mark", "map", "enter", "type", "put", "rank",
               "label", "look", "check", "tell", "decide", "rate", "read", "search", "show", "state", "suggest",
               "trace", "score", "place", "rewrite", "reply", "plan", "run", "underline", "summarise", "summarize"}
FORM_SENTENCE = ("answer with", "answer as", "answer `", "answer \"", "the check ", "your teacher ", "use the keys",
                 "with the keys", "e.g.", "for example")


def _asks(sentence: str) -> bool:
    words = [w.lower().strip(",:;*_") for w in sentence.split()[:2]]
    if words and words[0] == "then":
        words = words[1:]
    return sentence.rstrip().endswith("?") or bool(words and words[0] in IMPERATIVES)


def task_sentence(paragraph: str) -> str:
    """The part of a question's first paragraph that asks for something (not its premise).

    The rule: leave out sentences about the answer's form or the check ("Answer with …",
    "The check says …", "Your teacher grades …"); the task runs from the first sentence that
    asks (ends in "?" or starts with an imperative verb such as Give, Name, Trace, Rewrite) to
    the last one; a very short first one ("Who?") keeps the sentence before it. Where no
    sentence asks, the task is the paragraph's last sentence.

    >>> task_sentence("The talks took place in one town, but the articles spell it differently. Give the "
    ...               "spelling of each article. Answer with a dictionary.")
    'Give the spelling of each article.'
    >>> task_sentence("003 and 004 share no passage — yet one person is named in both. Who? Answer with the name.")
    '003 and 004 share no passage — yet one person is named in both. Who?'
    >>> task_sentence("Article 004 never names its outlet. In one sentence, name two clues to its house style.")
    'In one sentence, name two clues to its house style.'
    """
    from .corpus import SENTENCE_SPLITTER

    text = " ".join(re.sub(r"\*|__|`", "", paragraph).split())
    sentences = [x for x in SENTENCE_SPLITTER.tokenize(text)
                 if x.strip() and not x.lower().startswith(FORM_SENTENCE)]
    if not sentences:
        return ""
    asking = [i for i, x in enumerate(sentences) if _asks(x)]
    if not asking:
        return sentences[-1]
    first, last = asking[0], asking[-1]
    if len(sentences[first].split()) < 4 and first > 0:
        first -= 1
    return " ".join(sentences[first:last + 1])


def cell_prompts(cells) -> dict[str, tuple[str, str]]:
    """question -> (heading, task) for each answer and discussion cell, from the markdown cell above it."""
    prompts, last_markdown = {}, ""
    for cell in cells:
        if cell.get("cell_type") == "markdown" and "free-text" not in cell.get("metadata", {}).get("tags", []):
            last_markdown = "".join(cell.get("source", ""))
            continue
        meta = cell.get("metadata", {})
        question = meta.get("medialit", {}).get("question")
        tags = meta.get("tags", [])
        if not question or not ({"answer", "free-text"} & set(tags)) or not last_markdown:
            continue
        heading = re.match(r"\s*#+\s*(.+)", last_markdown)
        body = last_markdown[heading.end():] if heading else last_markdown
        paragraph = next((par for par in re.split(r"\n\s*\n", body) if par.strip()), "")
        title = re.sub(r"\s*\([^)]*graded by your teacher\)", "", heading.group(1).strip()) if heading else ""
        prompts[question] = (title, task_sentence(paragraph))
    return prompts


def question_prompts(cells) -> dict[str, str]:
    """Each graded question's heading and task, read from the exercise (what students see).

    >>> import nbformat
    >>> md = nbformat.v4.new_markdown_cell("### Question 2 ☼ (1 point)\\n\\nHow many articles name their **author**? Answer with\\na number.")
    >>> ans = nbformat.v4.new_code_cell("q2_bylines = ...", metadata={"tags": ["answer"], "medialit": {"question": "q2"}})
    >>> question_prompts([md, ans])
    {'q2': 'Question 2 ☼ (1 point): How many articles name their author?'}
    """
    return {q: f"{title}: {task}" if title else task for q, (title, task) in cell_prompts(cells).items()}


def markdown_html(text: str) -> str:
    """A student's Markdown as HTML with every raw HTML tag escaped and unsafe links dropped.

    >>> markdown_html("**yes** <script>alert(1)</script>")
    '<p><strong>yes</strong> &lt;script&gt;alert(1)&lt;/script&gt;</p>\\n'
    """
    import mistune
    return mistune.create_markdown(escape=True)(text)


def _sentence_case(message: str) -> str:
    return message[:1].upper() + message[1:]


MAX_ANSWER_SHOWN = 3000


def feedback_page(assignment, r, prompts: dict | None = None) -> str:
    """The page a student reads: per question the task, their answer, the result and the hint; never the key.

    ``prompts`` is :func:`cell_prompts` of the exercise, read once for the whole class."""
    e = html.escape
    title = exercise_title(assignment)
    free_max = sum(f["points"] for f in assignment.free_text)
    marked = sum(m.points for m in r.marks.values())
    if r.marks:
        total = (f"<p class=\"total\">{_num(r.total + marked)} of {_num(assignment.max_total + free_max)} points"
                 f" <span class=\"small\">({_num(r.total)}/{_num(assignment.max_total)} auto-graded, "
                 f"{_num(marked)}/{_num(free_max)} marked by your teacher)</span></p>")
    else:
        total = (f"<p class=\"total\">{_num(r.total)} of {_num(assignment.max_total)} points"
                 + (f" <span class=\"small\">(+ up to {_num(free_max)} points for the discussion, graded by your "
                    "teacher)</span>" if assignment.free_text else "") + "</p>")
    parts = [f"<h1>{e(title)}</h1>", f"<p class=\"sub\">Feedback for <b>{e(r.name)}</b></p>", total]
    if r.problem:
        parts.append(f"<div class=\"box problem\"><b>Your notebook could not be graded:</b> {e(r.problem)}.</div>")
    if r.file:
        parts.append(f"<p class=\"small\">Graded file: {e(r.file)}"
                     + (f". Older files not graded: {e(', '.join(r.others))}" if r.others else "") + "</p>")
    prompts = cell_prompts(assignment.cells) if prompts is None else prompts
    parts.append("<table>\n<tr><th>Question</th><th>Your answer</th><th>Result</th><th>Points</th>"
                 "<th>What to look at again</th></tr>")
    for q in r.results:
        label, cls = ICON.get(q.status, (q.status, "none"))
        msg = "Well done." if q.status == "correct" else _sentence_case(q.message)
        heading, task = prompts.get(q.question, ("", ""))
        asks = f"<br><span class=\"small\">{e(heading + ': ' if heading else '')}</span>" \
               f"<span class=\"task\">{e(task)}</span>" if task or heading else ""
        answer = r.answers.get(q.question)
        if answer is None:
            shown_answer = "<i>no answer cell</i>"
        else:
            text = answer if len(answer) <= MAX_ANSWER_SHOWN else answer[:MAX_ANSWER_SHOWN] + "\n…"
            shown_answer = f"<pre class=\"answer\">{e(text)}</pre>"
        parts.append(f"<tr><td><b>{e(q.question)}</b>{asks}</td><td>{shown_answer}</td>"
                     f"<td class=\"st {cls}\">{e(label)}</td>"
                     f"<td>{_num(q.points)}/{_num(q.max_points)}</td><td>{e(msg)}</td></tr>")
    parts.append("</table>")
    for f in assignment.free_text:
        q = f["question"]
        text = r.free_text.get(q, "")
        heading, task = prompts.get(q, ("", ""))
        label = heading or f"Discussion {q}"
        mark = r.marks.get(q)
        unit = "point" if float(f["points"]) == 1 else "points"
        points = (f"{_num(mark.points)}/{_num(f['points'])} {unit}" if mark
                  else f"{_num(f['points'])} {unit}, graded by your teacher")
        parts.append(f"<h2>{e(label)} <span class=\"small\">({e(q)} · {points})</span></h2>")
        if task:
            parts.append(f"<p class=\"task\">{e(task)}</p>")
        parts.append(f"<div class=\"discussion\">{markdown_html(text) if text else '<p><i>No answer written.</i></p>'}</div>")
        if mark and mark.comment:
            parts.append(f"<div class=\"box\"><b>Your teacher:</b> {e(mark.comment)}</div>")
    parts.append("<p class=\"small\">How grading works: your answer cells were run in a fresh copy of the exercise "
                 "and each answer was checked like the check cell does. Only your answer cells count; "
                 "changes to other cells are ignored.</p>")
    return _page(f"{title} — {r.name}", "\n".join(parts))


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return base64.b64encode(buf.getvalue()).decode("ascii")


def class_charts(assignment, results) -> tuple[str, str]:
    """Two PNGs (base64): the score distribution and per question how many got it right."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from .style import PALETTE, use_kit_style

    use_kit_style()
    totals = [r.total for r in results]
    top = assignment.max_total
    fig, ax = plt.subplots(figsize=(9, 4.5))
    bins = [x - 0.5 for x in range(int(top) + 2)]
    ax.hist(totals, bins=bins, color=PALETTE[0], edgecolor="white", hatch="//")
    ax.set_title(f"Score distribution ({len(results)} students)")
    ax.set_xlabel(f"points (out of {_num(top)})")
    ax.set_ylabel("students")
    ax.set_xlim(-0.5, top + 0.5)
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.xaxis.get_major_locator().set_params(integer=True)
    dist = _png(fig)
    plt.close(fig)

    qs = assignment.questions
    groups = [("correct", RIGHT, PALETTE[2], ""), ("wrong answer", ANSWERED_WRONG, PALETTE[1], "//"),
              ("no answer / not run", None, "#BBBBBB", "..")]
    counts = {name: [] for name, *_ in groups}
    for q in qs:
        statuses = [next((x.status for x in r.results if x.question == q), "not run") for r in results]
        right = sum(s in RIGHT for s in statuses)
        wrong = sum(s in ANSWERED_WRONG for s in statuses)
        counts["correct"].append(right)
        counts["wrong answer"].append(wrong)
        counts["no answer / not run"].append(len(statuses) - right - wrong)
    fig, ax = plt.subplots(figsize=(9, 0.55 * len(qs) + 1.8))
    left = [0] * len(qs)
    ypos = list(range(len(qs)))[::-1]
    for name, _, color, hatch in groups:
        ax.barh(ypos, counts[name], left=left, color=color, hatch=hatch, edgecolor="white", label=name)
        left = [a + b for a, b in zip(left, counts[name])]
    ax.set_yticks(ypos, qs)
    ax.set_title("Per question: how many got it right")
    ax.set_xlabel("students")
    ax.set_xlim(0, max(len(results), 1))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=3)
    ax.grid(axis="y", visible=False)
    per_q = _png(fig)
    plt.close(fig)
    return dist, per_q


def class_report(assignment, results, warning: str | None = None, pages: dict | None = None) -> str:
    e = html.escape
    title = exercise_title(assignment)
    n = len(results)
    totals = [r.total for r in results]
    pages = pages or page_names(results)
    parts = [f"<h1>Class report · {e(title)}</h1>"]
    if warning:
        parts.append(f"<div class=\"box problem\"><b>Warning:</b> {e(warning)}.</div>")
    if not n:
        parts.append("<p>No submissions were found.</p>")
        return _page(f"Class report · {title}", "\n".join(parts))
    parts.append(f"<p class=\"sub\">{n} students · auto-graded points out of {_num(assignment.max_total)} · "
                 f"mean {statistics.mean(totals):.1f} · median {_num(statistics.median(totals))} · "
                 f"lowest {_num(min(totals))} · highest {_num(max(totals))}</p>")
    right = {q: sum(1 for r in results for x in r.results if x.question == q and x.status == "correct")
             for q in assignment.questions}
    if right:
        worst = min(assignment.questions, key=lambda q: (right[q], assignment.questions.index(q)))
        asks = question_prompts(assignment.cells).get(worst, "")
        parts.append(f"<div class=\"box\"><b>Start the next class from {e(worst)}:</b> {right[worst]} of {n} students "
                     "got it right, the fewest of any question."
                     + (f"<br><span class=\"small\">{e(asks)}</span>" if asks else "") + "</div>")
    dist, per_q = class_charts(assignment, results)
    parts.append(f"<h2>Score distribution</h2>\n<img src=\"data:image/png;base64,{dist}\" alt=\"Histogram of the "
                 f"auto-graded totals of {n} students, from 0 to {_num(assignment.max_total)} points.\">")
    parts.append(f"<h2>Per question</h2>\n<img src=\"data:image/png;base64,{per_q}\" alt=\"For each question, a bar "
                 "split into students who got it right, gave a wrong answer, and gave no answer or were not run.\">")
    parts.append("<table>\n<tr><th>Question</th><th>Points</th><th>Right</th><th>Wrong answer</th>"
                 "<th>No answer</th><th>Error / too slow / not run</th></tr>")
    prompts = question_prompts(assignment.cells)
    for g in assignment.graded:
        q = g["question"]
        st = [next((x.status for x in r.results if x.question == q), "not run") for r in results]
        wrong = sum(s in ANSWERED_WRONG for s in st)
        none_ = sum(s in ("not answered", "missing") for s in st)
        asks = prompts.get(q, "")
        parts.append(f"<tr><td><b>{e(q)}</b>" + (f"<br><span class=\"small\">{e(asks)}</span>" if asks else "")
                     + f"</td><td>{_num(g['points'])}</td><td>{right[q]} ({100 * right[q] / n:.0f}%)</td>"
                     f"<td>{wrong}</td><td>{none_}</td><td>{n - right[q] - wrong - none_}</td></tr>")
    parts.append("</table>")
    wrong_notebook = [r for r in results if any(q.status == "wrong lesson" for q in r.results)]
    flagged = [r for r in results if tamper_notes(r)]
    if wrong_notebook:
        parts.append("<div class=\"box problem\"><b>Wrong notebook handed in:</b><ul>"
                     + "".join(f"<li>{e(r.name)}: {e(r.problem)}</li>" for r in wrong_notebook) + "</ul></div>")
    if flagged:
        parts.append(f"<div class=\"box problem\"><b>{len(flagged)} submission(s) tried something the grader "
                     "ignored</b> (no point was earned by it; see the <i>Tampering caught</i> column).</div>")
    parts.append("<h2>Students</h2>\n<table>\n<tr><th>Student</th><th>Points</th><th>Graded file</th><th>Notes</th>"
                 "<th>Tampering caught</th></tr>")
    free_max = sum(f["points"] for f in assignment.free_text)
    for r in sorted(results, key=lambda r: r.student):
        notes = []
        if r.problem:
            notes.append(r.problem)
        if getattr(r.handin, "late", False):
            notes.append("handed in late")
        if r.others:
            notes.append("older files not graded: " + ", ".join(r.others))
        if r.marks:
            notes.append(f"hand marks {_num(sum(m.points for m in r.marks.values()))}/{_num(free_max)}")
        name = r.name if r.name == r.student else f"{r.name} ({r.student})"
        link = f"<a href=\"feedback/{e(pages[r.student])}\">{e(name)}</a>"
        flags = tamper_notes(r)
        parts.append(f"<tr><td>{link}</td><td>{_num(r.total)}/{_num(assignment.max_total)}</td>"
                     f"<td>{e(r.file)}</td><td>{e('; '.join(notes))}</td>"
                     f"<td class=\"flag\">{e('; '.join(flags))}</td></tr>")
    parts.append("</table>")
    if assignment.free_text:
        parts.append("<p>Discussion answers to mark by hand: fill in <code>marks.csv</code> (rubrics in "
                     "<code>rubrics.md</code>), then grade again with <code>--marks marks.csv</code>.</p>")
    return _page(f"Class report · {title}", "\n".join(parts))


def moodle_comments(assignment, results) -> dict:
    """student -> the feedback comment for Moodle's worksheet: the teacher's comments on each rubric question."""
    return {r.student: " ".join(f"{q}: {m.comment}" for q, m in sorted(r.marks.items()) if m.comment)
            for r in results}


def tamper_notes(r) -> list[str]:
    """What a student tried that the grader ignored, and files it refused, in plain words.

    >>> tamper_notes(type("R", (), {"tampering": ["edited the check cell of q1"],
    ...                             "refused": [("x.ipynb", "refused: a symbolic link (hand in the notebook itself)")]})())
    ['edited the check cell of q1', 'handed in x.ipynb, refused: a symbolic link (hand in the notebook itself)']
    """
    notes = list(getattr(r, "tampering", []) or [])
    for f, why in getattr(r, "refused", []) or []:
        if why.startswith("refused"):
            notes.append(f"handed in {f}, {why}")
    return notes


# ---------------------------------------------------------------------------
# Writing everything
# ---------------------------------------------------------------------------
def write_outputs(assignment, results, out: Path, warning: str | None = None, kept_marks: dict | None = None) -> str:
    """Write every output file into ``out``; return the summary text (one line per student).

    ``warning`` (grading without an operating-system sandbox) heads the summary and the report.
    ``kept_marks`` are filled-in rows of an earlier ``marks.csv`` that ``marks.csv`` keeps.
    """
    from .notebooks import write_atomic

    out = Path(out)
    results = sorted(results, key=lambda r: r.student)
    summary = (f"WARNING: {warning}\n" if warning else "") + "".join(summary_line(assignment, r) + "\n" for r in results)
    files = {
        "gradebook.csv": _csv(long_rows(assignment, results)),
        "gradebook_wide.csv": _csv(wide_rows(assignment, results)),
        "files.csv": _csv(file_rows(results)),
        "summary.txt": summary,
        "canvas_import.csv": _csv(canvas_rows(assignment, results, {r.student: r.handin for r in results},
                                              exercise_title(assignment))),
        "moodle_grading_worksheet.csv": _csv(moodle_rows(assignment, results, {r.student: r.handin for r in results},
                                                         moodle_comments(assignment, results))),
    }
    if assignment.free_text:
        files["marks.csv"] = _csv(marks_rows(assignment, results, kept_marks))
        files["rubrics.md"] = rubrics_markdown(assignment)
    names = page_names(results)
    prompts = cell_prompts(assignment.cells)
    pages = {names[r.student]: feedback_page(assignment, r, prompts) for r in results}
    for name, text in pages.items():
        write_atomic(out / "feedback" / name, text)
    for old in (out / "feedback").glob("*.html"):
        if old.name not in pages:
            old.unlink()
    for name, text in files.items():
        write_atomic(out / name, text)
    write_atomic(out / "report.html", class_report(assignment, results, warning, names))   # last: its presence means done
    return summary
