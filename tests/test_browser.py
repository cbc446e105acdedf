"""A real browser: JupyterLab on localhost, lesson 00 in headless Chromium, a check line on screen.

What a student does on day one, done by a machine: open lesson 00, press
Shift+Enter cell after cell down to the demo cell that answers wrongly on purpose, and
read the feedback line under it. The browser is driven over the Chrome DevTools
Protocol (tornado's websocket client, which ships with Jupyter; no other
dependency). A screenshot is kept as a test artefact and copied to
``/tmp/browser-test.png`` for a human to look at.

Skips, saying why, where Chromium is not installed (Debian package ``chromium``).
JupyterLab serves a temporary copy of the kit; nothing is written into the
repository or the tester's home. Every process started here is stopped, also on
failure, and every wait is bounded (the whole test stays under a minute).
"""
import asyncio
import base64
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from conftest import KIT_ROOT

from medialit.export import CHROMIUM_FLAGS, find_chromium

LESSON = "notebooks/00_start_here.ipynb"
DEMO_CELL_ID = "demo-wrong"        # lesson 00's check cell with a wrong answer, given on purpose


def demo_feedback() -> str:
    """The line the demo cell prints with the key present: computed, so the lesson may change its demo."""
    import ast

    from medialit.grading import Checker

    cells = json.loads((KIT_ROOT / LESSON).read_text(encoding="utf-8"))["cells"]
    source = "".join(next(c["source"] for c in cells if c.get("id") == DEMO_CELL_ID))
    tree = ast.parse(source)
    value = ast.literal_eval(next(n for n in tree.body if isinstance(n, ast.Assign)).value)
    call = next(n for n in ast.walk(tree) if isinstance(n, ast.Call))
    line = Checker("00", record=False).result(ast.literal_eval(call.args[0]), value).line
    return line.split(" Hint:")[0]


FEEDBACK = demo_feedback()
BUDGET_S = 55                      # the whole test, start to clean-up
HUMAN_COPY = Path("/tmp/browser-test.png")
KIT_COPY_IGNORE = shutil.ignore_patterns(".git", ".venv", "__pycache__", "*.egg-info", ".ipynb_checkpoints",
                                         ".pytest_cache", "tests", "handouts")


class Deadline:
    def __init__(self, seconds):
        self.end = time.monotonic() + seconds

    def left(self, at_most=None):
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimeoutError("the browser test ran out of its time budget")
        return left if at_most is None else min(left, at_most)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def target_cell_index(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = [i for i, c in enumerate(cells) if c.get("id") == DEMO_CELL_ID]
    assert found, f"{LESSON} no longer has the demo cell `{DEMO_CELL_ID}`"
    return found[0]


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# ---------------------------------------------------------------------------
# Processes: started in their own process group, always stopped
# ---------------------------------------------------------------------------
def stop(proc, grace: float = 5.0) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=grace)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait(timeout=5)


def kill_leftover_kernels(runtime_dir: Path) -> list[int]:
    """Kernels of this test's server that outlived it (their command line names our runtime dir)."""
    killed = []
    proc_root = Path("/proc")
    if not proc_root.is_dir():
        return killed
    for entry in proc_root.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if str(runtime_dir) in cmdline and "ipykernel" in cmdline:
            try:
                os.kill(int(entry.name), signal.SIGKILL)
                killed.append(int(entry.name))
            except ProcessLookupError:
                pass
    return killed


def start_lab(root: Path, home: Path, deadline: Deadline):
    port, token = free_port(), secrets.token_hex(16)
    # figures inline, as for a student; the usual kernel, not the suite's forked one (tests/conftest.py)
    env = {k: v for k, v in os.environ.items() if k not in ("MPLBACKEND", "JUPYTER_PATH")}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_DATA_DIR=str(home / "data"),
               JUPYTER_RUNTIME_DIR=str(home / "runtime"), IPYTHONDIR=str(home / "ipython"))
    settings = home / "lab-settings"
    # no "would you like news?" toast, and never a news fetch
    notification = settings / "@jupyterlab" / "apputils-extension" / "notification.jupyterlab-settings"
    notification.parent.mkdir(parents=True)
    notification.write_text('{"fetchNews": "false"}\n', encoding="utf-8")
    log = home / "jupyterlab.log"
    # `jupyter lab`, minus two start-up costs that change nothing on the page: jsonschema's IRI
    # parser that no Jupyter schema uses (medialit.fast_imports, 1-3 s of CPU), and the yarn
    # registry lookup that `import jupyterlab.labapp` runs through Node.js when Node is installed
    # (about 1 s; only building extensions uses it, and nothing is built here)
    lab = ("import sys, medialit.fast_imports, jupyterlab.commands as c; "
           "c._yarn_config = lambda logger=None: {'yarn config': {}, 'npm config': {}}; "
           "from jupyterlab.labapp import main; sys.exit(main())")
    cmd = [sys.executable, "-c", lab, "--no-browser", "--allow-root",
           f"--IdentityProvider.token={token}", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
           "--ServerApp.port_retries=0", f"--ServerApp.root_dir={root}",
           f"--LabServerApp.workspaces_dir={home / 'lab-workspaces'}", f"--LabServerApp.user_settings_dir={settings}",
           "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
           "--LanguageServerManager.autodetect=False"]     # no search for language servers (it runs npm)
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"JupyterLab exited with code {proc.returncode}:\n{tail(log)}")
            wait = deadline.left(2)          # raises TimeoutError when the budget is spent
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=wait):
                    return proc, base, token
            except OSError:                  # not listening yet
                time.sleep(0.2)
    except BaseException:
        stop(proc)                           # the caller never got the process: stop it here
        raise


def shutdown_lab(proc, base: str, token: str) -> None:
    if proc is None or proc.poll() is not None:
        return
    try:    # the server's own shutdown also stops its kernels
        request = urllib.request.Request(f"{base}/api/shutdown", method="POST", data=b"",
                                         headers={"Authorization": f"token {token}"})
        urllib.request.urlopen(request, timeout=5).close()
        proc.wait(timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        pass
    stop(proc)


def start_chromium(chromium: str, url: str, profile: Path, home: Path, deadline: Deadline):
    cmd = [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--remote-debugging-port=0",
           "--remote-allow-origins=http://127.0.0.1", "--window-size=1280,1000", "--no-default-browser-check",
           "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1", url]     # localhost only
    log = home / "chromium.log"
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, env=dict(os.environ, HOME=str(home)), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=True)
    port_file = profile / "DevToolsActivePort"          # Chromium writes its DevTools port here
    try:
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"Chromium exited with code {proc.returncode}:\n{tail(log)}")
            wait = deadline.left(2)
            lines = port_file.read_text().split() if port_file.is_file() else []
            if lines:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{lines[0]}/json/list", timeout=wait) as answer:
                        pages = [t for t in json.load(answer)
                                 if t.get("type") == "page" and t.get("url", "").startswith(url[:30])]
                    if pages:
                        return proc, pages[0]["webSocketDebuggerUrl"]
                except OSError:
                    pass
            time.sleep(0.1)
    except BaseException:
        stop(proc)
        raise


# ---------------------------------------------------------------------------
# The Chrome DevTools Protocol, the little of it we need
# ---------------------------------------------------------------------------
class DevTools:
    def __init__(self, ws, deadline: Deadline):
        self.ws, self.deadline, self.last_id = ws, deadline, 0

    async def call(self, method: str, **params):
        self.last_id += 1
        call_id = self.last_id
        await self.ws.write_message(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = await asyncio.wait_for(self.ws.read_message(), self.deadline.left(15))
            if message is None:
                raise ConnectionError("Chromium closed the DevTools connection")
            data = json.loads(message)
            if data.get("id") == call_id:
                if "error" in data:
                    raise RuntimeError(f"{method}: {data['error']}")
                return data["result"]

    async def js(self, expression: str):
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"in the page: {result['exceptionDetails'].get('text')}: {expression[:80]}")
        return result["result"].get("value")

    async def wait_for(self, expression: str, what: str, at_most: float = 30):
        """Poll a JavaScript expression until it is truthy; fail saying what we were waiting for."""
        end = time.monotonic() + at_most
        while True:
            value = await self.js(expression)
            if value:
                return value
            if time.monotonic() > end:
                raise TimeoutError(f"waited {at_most:.0f} s for {what}")
            self.deadline.left()
            await asyncio.sleep(0.2)

    async def key(self, key: str, code: int, modifiers: int = 0):
        common = {"key": key, "code": key, "windowsVirtualKeyCode": code, "nativeVirtualKeyCode": code,
                  "modifiers": modifiers}
        await self.call("Input.dispatchKeyEvent", type="rawKeyDown", **common)
        await self.call("Input.dispatchKeyEvent", type="keyUp", **common)

    async def click(self, x: float, y: float):
        for kind in ("mousePressed", "mouseReleased"):
            await self.call("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    async def screenshot(self, path: Path):
        shot = await self.call("Page.captureScreenshot", format="png")
        path.write_bytes(base64.b64decode(shot["data"]))


CELL = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell"
SHIFT = 8
# Cell i of the notebook, and the index of the active cell. JupyterLab 4 numbers its cells in
# data-windowed-list-index (not every cell need be in the page); older versions keep all of them.
CELL_HELPERS = f"""
window.__cells = () => [...document.querySelectorAll('{CELL}')];
window.__indexOf = c => c.dataset.windowedListIndex !== undefined ? Number(c.dataset.windowedListIndex)
                                                                    : window.__cells().indexOf(c);
window.__cellAt = i => window.__cells().find(c => window.__indexOf(c) === i);
window.__active = () => {{ const c = window.__cells().find(c => c.classList.contains('jp-mod-active'));
                          return c ? window.__indexOf(c) : -1; }};
true
"""


async def run_lesson_in_the_browser(ws_url: str, target: int, shot: Path, deadline: Deadline) -> str:
    """Open the lesson, Shift+Enter down to the target cell, return the text of its output."""
    from tornado.websocket import websocket_connect

    ws = await asyncio.wait_for(websocket_connect(ws_url, max_message_size=64 * 2**20), deadline.left(10))
    devtools = DevTools(ws, deadline)
    try:
        await devtools.wait_for(f"document.querySelectorAll('{CELL}').length > 3", "the notebook to open")
        await devtools.wait_for("[...document.querySelectorAll('.jp-StatusBar-Widget')]"
                                ".some(e => /\\| Idle/.test(e.textContent))", "the kernel to be ready")
        await devtools.js(CELL_HELPERS)
        await devtools.screenshot(shot.with_name("browser-test-top.png"))    # the lesson as it opens
        # click the prompt area of the first cell (left of its text: no link there): command mode
        first = await devtools.js("(() => { const r = window.__cellAt(0).getBoundingClientRect();"
                                  " return [r.left + 30, r.top + r.height / 2]; })()")
        await devtools.click(*first)
        await devtools.key("Escape", 27)
        active = "window.__active()"
        for _ in range(target + 5):                      # Shift+Enter, as a student would
            if await devtools.js(active) > target:
                break
            await devtools.key("Enter", 13, SHIFT)
            await asyncio.sleep(0.1)
        assert await devtools.js(active) > target, "Shift+Enter did not move past the check cell"
        output = f"window.__cellAt({target})?.querySelector('.jp-OutputArea')"
        found = await devtools.wait_for(f"({output}?.textContent || '').includes({json.dumps(FEEDBACK)}) && "
                                        f"{output}.textContent", "the feedback line under the check cell")
        await devtools.js(f"{output}.scrollIntoView({{block: 'center'}})")
        await asyncio.sleep(0.5)
        return found
    finally:
        try:
            await devtools.screenshot(shot)              # also on failure: it shows where it stopped
        except Exception:
            pass
        ws.close()


def test_lesson_00_check_line_appears_in_jupyterlab(tmp_path):
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium); the real-browser test needs it")
    pytest.importorskip("jupyterlab", reason="JupyterLab is not installed")
    if os.name != "posix":
        pytest.skip("the browser test stops its processes by process group (POSIX only)")
    deadline = Deadline(BUDGET_S)
    root, home = tmp_path / "kit", tmp_path / "home"
    shutil.copytree(KIT_ROOT, root, ignore=KIT_COPY_IGNORE)
    home.mkdir()
    target = target_cell_index(root / LESSON)
    shot = tmp_path / "browser-test.png"
    lab = browser = None
    base = token = ""
    try:
        lab, base, token = start_lab(root, home, deadline)
        browser, ws_url = start_chromium(chromium, f"{base}/lab/tree/{LESSON}?token={token}", tmp_path / "profile",
                                         home, deadline)
        output = asyncio.run(asyncio.wait_for(run_lesson_in_the_browser(ws_url, target, shot, deadline),
                                              deadline.left()))
    finally:
        stop(browser)
        shutdown_lab(lab, base, token)
        leftovers = kill_leftover_kernels(home / "runtime")
        if shot.is_file() and HUMAN_COPY.parent.is_dir():
            shutil.copyfile(shot, HUMAN_COPY)
        top = shot.with_name("browser-test-top.png")
        if top.is_file() and HUMAN_COPY.parent.is_dir():
            shutil.copyfile(top, HUMAN_COPY.with_name("browser-test-top.png"))
    assert FEEDBACK in output
    assert "Hint:" in output
    assert shot.read_bytes().startswith(b"\x89PNG") and shot.stat().st_size > 10_000
    assert not leftovers, f"kernels outlived JupyterLab: {leftovers}"
