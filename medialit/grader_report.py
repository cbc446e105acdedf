"""What ``medialit grade`` writes: gradebooks, feedback pages, free-text answers, class report.

Every file is written atomically (``medialit.notebooks.write_atomic``) and is
byte-identical when the same submissions are graded again: rows are sorted by
student, there are no timestamps, and charts are PNGs without a date.

Feedback shows each question's status, points and the *message* of
:func:`medialit.grading.grade` (the kind of mistake and the hint) — never the
key's ``accept``/``required`` values or its ``why`` notes.

Example:
    >>> safe_name("Amal Haddad/../x")
    'Amal_Haddad_.._x'
"""
from __future__ import annotations

import base64
import csv
import html
import io
import re
import statistics
from pathlib import Path

FILES = {
    "gradebook.csv": "long gradebook: one row per student and question",
    "gradebook_wide.csv": "wide gradebook: one row per student, total and one column per question",
    "free_text.csv": "free-text answers with the rubric, for grading by hand",
    "files.csv": "which file was graded for each student (SHA-256), and older files not graded",
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


def _csv(rows) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    for r in rows:
        w.writerow(r)
    return buf.getvalue()


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
def long_rows(assignment, results):
    rows = [["student", "question", "points", "max_points", "status", "message"]]
    for r in sorted(results, key=lambda r: r.student):
        for q in r.results:
            rows.append([r.student, q.question, _num(q.points), _num(q.max_points), q.status, q.message])
        for f in assignment.free_text:
            rows.append([r.student, f["question"], "", _num(f["points"]), "to grade by hand",
                         "free-text answer: see free_text.csv"])
    return rows


def wide_rows(assignment, results):
    qs = assignment.questions
    free = [f["question"] for f in assignment.free_text]
    rows = [["student", "total", "max_total"] + qs + free]
    for r in sorted(results, key=lambda r: r.student):
        pts = {q.question: _num(q.points) for q in r.results}
        rows.append([r.student, _num(r.total), _num(assignment.max_total)] + [pts.get(q, "0") for q in qs]
                    + ["" for _ in free])
    return rows


def free_text_rows(assignment, results):
    rubrics = assignment.key.get("rubrics", {})
    rows = [["student", "question", "max_points", "answer", "rubric_correct", "rubric_partial",
             "rubric_incorrect", "points"]]
    for r in sorted(results, key=lambda r: r.student):
        for f in assignment.free_text:
            rub = rubrics.get(f.get("rubric") or f["question"], {})
            rows.append([r.student, f["question"], _num(f["points"]), r.free_text.get(f["question"], ""),
                         rub.get("Correct", ""), rub.get("Partial", ""), rub.get("Incorrect", ""), ""])
    return rows


def file_rows(results):
    rows = [["student", "graded_file", "sha256", "not_graded_older_files"]]
    for r in sorted(results, key=lambda r: r.student):
        rows.append([r.student, r.file, r.sha256, " ".join(r.others)])
    return rows


def summary_line(assignment, r) -> str:
    """``amal: 7/11 points (q1 ✓ q2 ✗ …)`` plus the problem of a failed submission."""
    marks = " ".join(f"{q.question} {'✓' if q.status == 'correct' else '✗'}" for q in r.results)
    line = f"{r.student}: {_num(r.total)}/{_num(assignment.max_total)} points ({marks})"
    if r.problem:
        line += f" — {r.problem}"
    if r.others:
        line += f" [graded {r.file}; not graded: {', '.join(r.others)}]"
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


def question_prompts(cells) -> dict[str, str]:
    """Each graded question's heading and first sentence, read from the exercise (what students see).

    >>> import nbformat
    >>> md = nbformat.v4.new_markdown_cell("### Question 2 ☼ (1 point)\\n\\nHow many articles name their **author**? Answer with\\na number.")
    >>> ans = nbformat.v4.new_code_cell("q2_bylines = ...", metadata={"tags": ["answer"], "medialit": {"question": "q2"}})
    >>> question_prompts([md, ans])
    {'q2': 'Question 2 ☼ (1 point): How many articles name their author?'}
    """
    from .corpus import SENTENCE_SPLITTER

    prompts, last_markdown = {}, ""
    for cell in cells:
        if cell.cell_type == "markdown":
            last_markdown = "".join(cell.source)
            continue
        question = cell.get("metadata", {}).get("medialit", {}).get("question")
        if "answer" not in cell.get("metadata", {}).get("tags", []) or not question or not last_markdown:
            continue
        heading = re.match(r"\s*#+\s*(.+)", last_markdown)
        body = last_markdown[heading.end():] if heading else last_markdown
        body = " ".join(re.sub(r"\*|__|`", "", body).split())
        sentences = SENTENCE_SPLITTER.tokenize(body)      # the kit's Punkt: "Nov." does not end a sentence
        sentence = sentences[0] if sentences else ""
        prompts[question] = f"{heading.group(1).strip()}: {sentence}" if heading else sentence
    return prompts


def _sentence_case(message: str) -> str:
    return message[:1].upper() + message[1:]


def feedback_page(assignment, r) -> str:
    """The page a student reads: result and hint per question, never the key."""
    e = html.escape
    title = exercise_title(assignment)
    parts = [f"<h1>{e(title)}</h1>", f"<p class=\"sub\">Feedback for <b>{e(r.student)}</b></p>",
             f"<p class=\"total\">{_num(r.total)} of {_num(assignment.max_total)} points"
             + (f" <span class=\"small\">(+ up to {_num(sum(f['points'] for f in assignment.free_text))} "
                "points for the discussion, graded by your teacher)</span>" if assignment.free_text else "")
             + "</p>"]
    if r.problem:
        parts.append(f"<div class=\"box problem\"><b>Your notebook could not be graded:</b> {e(r.problem)}.</div>")
    if r.file:
        parts.append(f"<p class=\"small\">Graded file: {e(r.file)}"
                     + (f". Older files not graded: {e(', '.join(r.others))}" if r.others else "") + "</p>")
    parts.append("<table>\n<tr><th>Question</th><th>Result</th><th>Points</th><th>What to look at again</th></tr>")
    prompts = question_prompts(assignment.cells)
    for q in r.results:
        label, cls = ICON.get(q.status, (q.status, "none"))
        msg = "Well done." if q.status == "correct" else _sentence_case(q.message)
        prompt = f"<br><span class=\"small\">{e(prompts[q.question])}</span>" if q.question in prompts else ""
        parts.append(f"<tr><td><b>{e(q.question)}</b>{prompt}</td><td class=\"st {cls}\">{e(label)}</td>"
                     f"<td>{_num(q.points)}/{_num(q.max_points)}</td><td>{e(msg)}</td></tr>")
    parts.append("</table>")
    for f in assignment.free_text:
        text = r.free_text.get(f["question"], "")
        parts.append(f"<h2>Discussion {e(f['question'])} ({_num(f['points'])} points, graded by your teacher)</h2>")
        parts.append(f"<blockquote>{e(text) if text else '<i>No answer written.</i>'}</blockquote>")
    parts.append("<p class=\"small\">How grading works: your answer cells were run in a fresh copy of the exercise "
                 "and each answer was checked like the check cell does. Only your answer cells count; "
                 "changes to other cells are ignored.</p>")
    return _page(f"{title} — {r.student}", "\n".join(parts))


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


def class_report(assignment, results) -> str:
    e = html.escape
    title = exercise_title(assignment)
    n = len(results)
    totals = [r.total for r in results]
    parts = [f"<h1>Class report · {e(title)}</h1>"]
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
    parts.append("<h2>Students</h2>\n<table>\n<tr><th>Student</th><th>Points</th><th>Graded file</th><th>Notes</th></tr>")
    for r in sorted(results, key=lambda r: r.student):
        notes = []
        if r.problem:
            notes.append(r.problem)
        if r.others:
            notes.append("older files not graded: " + ", ".join(r.others))
        link = f"<a href=\"feedback/{e(safe_name(r.student))}.html\">{e(r.student)}</a>"
        parts.append(f"<tr><td>{link}</td><td>{_num(r.total)}/{_num(assignment.max_total)}</td>"
                     f"<td>{e(r.file)}</td><td>{e('; '.join(notes))}</td></tr>")
    parts.append("</table>")
    if assignment.free_text:
        parts.append("<p>Free-text answers to grade by hand with the rubric: <code>free_text.csv</code>.</p>")
    return _page(f"Class report · {title}", "\n".join(parts))


# ---------------------------------------------------------------------------
# Writing everything
# ---------------------------------------------------------------------------
def write_outputs(assignment, results, out: Path) -> str:
    """Write every output file into ``out``; return the summary text (one line per student)."""
    from .notebooks import write_atomic

    out = Path(out)
    results = sorted(results, key=lambda r: r.student)
    summary = "".join(summary_line(assignment, r) + "\n" for r in results)
    files = {
        "gradebook.csv": _csv(long_rows(assignment, results)),
        "gradebook_wide.csv": _csv(wide_rows(assignment, results)),
        "free_text.csv": _csv(free_text_rows(assignment, results)),
        "files.csv": _csv(file_rows(results)),
        "summary.txt": summary,
    }
    pages = {}
    for r in results:
        name = safe_name(r.student)
        while name + ".html" in pages:
            name += "_"
        pages[name + ".html"] = feedback_page(assignment, r)
    for name, text in pages.items():
        write_atomic(out / "feedback" / name, text)
    for old in (out / "feedback").glob("*.html"):
        if old.name not in pages:
            old.unlink()
    for name, text in files.items():
        write_atomic(out / name, text)
    write_atomic(out / "report.html", class_report(assignment, results))   # last: its presence means done
    return summary
