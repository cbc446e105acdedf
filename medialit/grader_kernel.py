"""Fresh kernels for the class grader, and a small client that runs cells in them.

The grader never trusts what a kernel *prints*. It sends each cell as a Jupyter
``execute_request`` on the shell channel and reads only the ``execute_reply`` to
that request (status, exception name). After an answer cell it asks the kernel
for the value of the answer variable through ``user_expressions`` of the same
request, framed with a random nonce, serialised by code the grader installed in
the kernel's first cell (:data:`GUARD_SOURCE`). The grader process decodes the
value and grades it with :func:`medialit.grading.grade`; the kernel never holds
the key (``MEDIALIT_KEY_DIR=none``).

Kernels come from a *zygote*: one process that imports ipykernel, IPython and
the modules the exercise imports, then ``fork()``s a new kernel for every
submission. Each kernel is a fresh process that no other student's code ever
touched (copy-on-write of a template that never ran student code); it starts in
about 0.1 s instead of about 1 s. ``cold=True`` starts ``python -m
ipykernel_launcher`` instead (slower; for systems without ``fork``).

Example (the serialiser's tagged JSON, decoded in the grader):
    >>> decode_value('{"$set": ["003:s7"]}')
    {'003:s7'}
    >>> decode_value('{"$tuple": [1, {"$date": "2025-12-03"}]}')
    (1, datetime.date(2025, 12, 3))
"""
from __future__ import annotations

import base64
import datetime as _dt
import json
import os
import re
import secrets
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

MAX_VALUE_CHARS = 200_000          # an answer larger than this is not graded
MAX_REPLY_BYTES = 4 * 1024 * 1024  # zmq drops the connection past this

# ---------------------------------------------------------------------------
# The first cell of every graded run: the guard and the serialiser
# ---------------------------------------------------------------------------
GUARD_SOURCE = r'''
def _medialit_guard(protect, allow, probe, file_limit):
    import sys, os, json, base64, datetime, types, resource, stat, pathlib
    # Everything the hook uses is bound here, before any student code runs: C functions and
    # exact built-in types only, so that patching os, os.path, builtins or pathlib later
    # cannot change what the hook decides (and no student code runs inside the hook).
    _lstat, _readlink, _getcwd, _islnk, _fsdecode = os.lstat, os.readlink, os.getcwd, stat.S_ISLNK, os.fsdecode
    _type, _str, _bytes, _int, _tuple, _len = type, str, bytes, int, tuple, len
    _PermissionError, _ImportError, _OSError = PermissionError, ImportError, OSError
    _path_types = (pathlib.PosixPath, pathlib.PurePosixPath)
    protect = _tuple(p.rstrip("/") + "/" for p in protect)
    allow = allow.rstrip("/") + "/"
    me = os.getpid()
    WRITE = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC
    NO_RUN = frozenset({
        "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork", "os.forkpty",
        "os.startfile", "os.link", "os.symlink", "socket.bind", "socket.connect", "socket.sendto",
        "sys.settrace", "sys.setprofile", "gc.get_objects", "gc.get_referrers", "gc.get_referents",
        "sys._current_frames", "sqlite3.enable_load_extension", "sqlite3.load_extension", "os.chroot"})
    NO_IMPORT = frozenset({"ctypes", "_ctypes", "_posixsubprocess", "cffi", "_cffi_backend", "_testcapi",
                           "_testinternalcapi", "_xxsubinterpreters", "_xxinterpchannels", "_winapi"})
    CHANGE = frozenset({"os.remove", "os.rmdir", "os.rename", "os.truncate", "os.chmod", "os.chown", "os.utime",
                        "os.mkdir", "shutil.rmtree", "os.chflags", "os.mkfifo", "os.mknod", "sqlite3.connect"})

    def resolve(path):
        """os.path.realpath, written with the functions bound above."""
        if not path.startswith("/"):
            path = _getcwd() + "/" + path
        parts, done, hops = path.split("/"), [], 0
        while parts:
            part = parts.pop(0)
            if part in ("", "."):
                continue
            if part == "..":
                if done:
                    done.pop()
                continue
            current = "/" + "/".join(done + [part])
            try:
                link = _islnk(_lstat(current).st_mode)
            except _OSError:
                link = False
            if not link:
                done.append(part)
                continue
            hops += 1
            if hops > 40:
                raise _PermissionError("the grader does not follow this many links")
            target = _readlink(current)
            if target.startswith("/"):
                done = []
            parts = target.split("/") + parts
        return "/" + "/".join(done) + "/"

    def where(p):
        """The resolved path of a file argument; None for a file descriptor."""
        t = _type(p)
        if t is _int or p is None:
            return None
        if t is _bytes:
            p = _fsdecode(p)
        elif t in _path_types:
            p = _str(p)
        elif t is not _str:
            raise _PermissionError("the grader only allows file names given as text or pathlib.Path")
        return resolve(p)

    def refused(p, write):
        if p is None or p.startswith(allow) or p == "/dev/null/":
            return False
        if write or p.startswith(protect):
            return True
        if p.startswith("/proc/"):
            rest = p[6:]
            head = rest.split("/", 1)[0]
            if head.isdigit() and _int(head) != me:
                return True
            return rest.split("/")[1:2] in (["root"], ["cwd"], ["mem"], ["map_files"], ["environ"])
        return False

    def hook(event, args):
        if event == "open":
            mode, flags = args[1], args[2]
            write = (_type(flags) is _int and flags > 0 and flags & WRITE) or (
                _type(mode) is _str and ("w" in mode or "a" in mode or "x" in mode or "+" in mode))
            if refused(where(args[0]), bool(write)):
                raise _PermissionError("the grader does not allow opening this file here")
        elif event in NO_RUN or event.startswith("ctypes"):
            raise _PermissionError("the grader does not allow " + event)
        elif event == "import" and _type(args[0]) is _str and args[0].split(".")[0] in NO_IMPORT:
            raise _ImportError("the grader does not allow importing " + args[0])
        elif event == "import" and _len(args) > 1 and _type(args[1]) is _str and resolve(args[1]).startswith(allow):
            raise _ImportError("the grader does not allow native modules from the notebook's folder")
        elif event in ("os.kill", "os.killpg", "signal.pthread_kill") and (event != "os.kill" or args[0] != me):
            raise _PermissionError("the grader does not allow signals to other processes")
        elif event in CHANGE:
            for a in (args[:2] if event == "os.rename" else args[:1]):
                if _type(a) is not _int and a is not None and refused(where(a), True):
                    raise _PermissionError("the grader does not allow changing files here")

    # The grader never reads what cells print: send it nowhere, cheaply (a 100 MB print costs nothing).
    class Sink:
        encoding, errors = "utf-8", "strict"
        def write(self, s):
            return len(s)
        def writelines(self, lines):
            pass
        def flush(self):
            pass
        def isatty(self):
            return False
        def writable(self):
            return True
        def fileno(self):
            raise OSError("no file descriptor")
    sys.stdout = sys.stderr = Sink()
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    sys.addaudithook(hook)
    try:
        import _posixsubprocess
        del _posixsubprocess.fork_exec        # fork_exec raises no audit event: take it away
    except Exception:
        pass
    try:
        resource.setrlimit(resource.RLIMIT_FSIZE, (file_limit, file_limit))
    except Exception:
        pass

    dumps, b64 = json.dumps, base64.b64encode
    date_t, datetime_t = datetime.date, datetime.datetime

    class TooBig(Exception):
        pass

    def enc(v, budget, depth):
        budget[0] -= 1
        if budget[0] < 0 or depth > 30:
            raise TooBig
        if v is None or v is True or v is False:
            return v
        if v is Ellipsis:
            return {"$ellipsis": 1}
        if isinstance(v, bool):
            return bool.__bool__(v)
        if isinstance(v, int):
            return int.__index__(v)
        if isinstance(v, float):
            return float.__float__(v)
        if isinstance(v, str):
            s = str.__str__(v)
            budget[1] -= len(s)
            if budget[1] < 0:
                raise TooBig
            return s
        if isinstance(v, datetime_t):
            return {"$datetime": datetime_t.isoformat(v)}
        if isinstance(v, date_t):
            return {"$date": date_t.isoformat(v)}
        if isinstance(v, dict):
            return {"$dict": [[enc(k, budget, depth + 1), enc(x, budget, depth + 1)] for k, x in dict.items(v)]}
        if isinstance(v, tuple):
            return {"$tuple": [enc(x, budget, depth + 1) for x in tuple.__iter__(v)]}
        if isinstance(v, list):
            return [enc(x, budget, depth + 1) for x in list.__iter__(v)]
        if isinstance(v, (set, frozenset)):
            return {"$set": [enc(x, budget, depth + 1) for x in (set.__iter__(v) if isinstance(v, set) else frozenset.__iter__(v))]}
        return {"$other": type(v).__name__[:40]}

    def dump(name, nonce, frame_globals=None):
        g = sys._getframe(1).f_globals
        if name not in g:
            return nonce + ":missing"
        try:
            text = dumps(enc(g[name], [20000, 150000], 0), allow_nan=True)
        except (TooBig, RecursionError, ValueError, OverflowError):
            return nonce + ":toobig"
        return nonce + ":" + b64(text.encode("utf-8")).decode("ascii")

    mod = types.ModuleType(probe)
    mod.dump = dump
    sys.modules[probe] = mod
'''


def guard_cell(protect, allow, probe, file_limit) -> str:
    """The source of the grader's first cell (installs the guard, then forgets its own name)."""
    return (GUARD_SOURCE + f"\n_medialit_guard({[str(p) for p in protect]!r}, {str(allow)!r}, "
            f"{probe!r}, {int(file_limit)})\ndel _medialit_guard\n")


def probe_expression(probe: str, name: str, nonce: str) -> str:
    return f"__import__('sys').modules[{probe!r}].dump({name!r}, {nonce!r})"


class Opaque:
    """An answer value of a type the grader does not grade (e.g. a numpy array)."""

    def __init__(self, type_name: str):
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"<{self.type_name}>"


def decode_value(text: str):
    """Turn the kernel's tagged JSON back into Python values (see the module example)."""
    return _untag(json.loads(text))


def _untag(v):
    if isinstance(v, list):
        return [_untag(x) for x in v]
    if isinstance(v, dict):
        if len(v) == 1:
            (tag, x), = v.items()
            if tag == "$set":
                items = [_untag(i) for i in x]
                try:
                    return set(items)
                except TypeError:             # unhashable members: not a valid answer anyway
                    return Opaque("set")
            if tag == "$tuple":
                return tuple(_untag(i) for i in x)
            if tag == "$dict":
                try:
                    return {_untag(k): _untag(i) for k, i in x}
                except TypeError:
                    return Opaque("dict")
            if tag == "$date":
                return _dt.date.fromisoformat(x)
            if tag == "$datetime":
                return _dt.datetime.fromisoformat(x)
            if tag == "$ellipsis":
                return Ellipsis
            if tag == "$other":
                return Opaque(str(x))
        raise ValueError("untagged object in an answer value")
    return v


def parse_probe(text_plain: str, nonce: str):
    """(status, value) from the repr of the probe's answer: 'ok', 'missing', 'toobig' or 'garbled'."""
    m = re.search(re.escape(nonce) + r":([A-Za-z0-9+/=]*|missing|toobig)", text_plain or "")
    if not m:
        return "garbled", None
    payload = m.group(1)
    if payload in ("missing", "toobig"):
        return payload, None
    try:
        raw = base64.b64decode(payload, validate=True)
        if len(raw) > MAX_VALUE_CHARS * 4:
            return "toobig", None
        return "ok", decode_value(raw.decode("utf-8"))
    except (ValueError, TypeError, RecursionError, UnicodeDecodeError):
        return "garbled", None


# ---------------------------------------------------------------------------
# Starting kernels: a fork server (zygote) or a cold start
# ---------------------------------------------------------------------------
KERNEL_ARGS = ["--HistoryManager.enabled=False", "--IPKernelApp.capture_fd_output=False",
               "--IPKernelApp.quiet=True", "--Application.log_level=CRITICAL",
               "--InteractiveShell.colors=NoColor", "--IPKernelApp.trio_loop=False"]

ZYGOTE_SOURCE = r'''
import os, sys, json, signal, resource
preload = json.loads(sys.argv[1])
import ipykernel.kernelapp, ipykernel.ipkernel, IPython, jupyter_client.session, zmq
for name in preload:
    try:
        __import__(name)
    except Exception:
        pass
signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # children are reaped by the system
out = os.fdopen(1, "w", buffering=1)
out.write("ready\n")
for line in sys.stdin:
    req = json.loads(line)
    pid = os.fork()
    if pid:
        out.write("%d\n" % pid)
        continue
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        os.setsid()
        os.chdir(req["cwd"])
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0); os.dup2(log, 1); os.dup2(log, 2)
        os.closerange(3, 1024)
        sys.stdin = open(os.devnull)
        sys.stdout = sys.stderr = os.fdopen(2, "w", buffering=1)
        os.environ.update(req["env"])
        if req.get("memory"):
            resource.setrlimit(resource.RLIMIT_AS, (req["memory"], req["memory"]))
        sys.argv = ["ipykernel", "-f", req["conn"]] + req["args"]
        ipykernel.kernelapp.IPKernelApp.launch_instance(argv=sys.argv[1:])
    except BaseException:
        import traceback; traceback.print_exc()
    finally:
        os._exit(0)
'''


def kernel_env(extra=None) -> dict:
    env = {"MEDIALIT_KEY_DIR": "none", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JPY_PARENT_PID": "", "PYTHONHASHSEED": "0"}
    env.update(extra or {})
    return env


class Zygote:
    """One template process; ``spawn()`` forks a fresh kernel from it."""

    def __init__(self, preload=(), python=sys.executable):
        env = dict(os.environ)
        env.update(kernel_env())
        env.pop("PYTHONHASHSEED", None)
        self.proc = subprocess.Popen([python, "-c", ZYGOTE_SOURCE, json.dumps(list(preload))],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=env, text=True, bufsize=1)
        self.lock = threading.Lock()
        self.ready = False

    def _wait_ready(self):
        if not self.ready:
            line = self.proc.stdout.readline()
            if line.strip() != "ready":
                raise RuntimeError("the kernel template process did not start (is ipykernel installed?)")
            self.ready = True

    def spawn(self, conn: str, cwd: str, log: str, memory: int | None) -> int:
        req = {"conn": conn, "cwd": cwd, "log": log, "env": kernel_env(), "args": KERNEL_ARGS,
               "memory": memory}
        with self.lock:
            self._wait_ready()
            self.proc.stdin.write(json.dumps(req) + "\n")
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            raise RuntimeError("the kernel template process stopped")
        return int(line)

    def close(self):
        try:
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:                                     # a zombie of ours (cold start) counts as dead
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


# ---------------------------------------------------------------------------
# One kernel and its shell channel
# ---------------------------------------------------------------------------
class KernelDied(Exception):
    """The kernel process ended (crash, ``os._exit``) or stopped answering."""


class CellTimeout(Exception):
    """A cell ran past the per-cell limit."""


class Kernel:
    """A fresh kernel in its own empty working folder; talk to it with :meth:`execute`."""

    def __init__(self, workdir: Path, zygote: Zygote | None, memory: int | None = None):
        import zmq
        from jupyter_client.connect import write_connection_file
        from jupyter_client.session import Session

        self.dir = Path(tempfile.mkdtemp(prefix="k-", dir=workdir))
        self.cwd = self.dir / "cwd"
        self.cwd.mkdir()
        key = secrets.token_hex(16).encode()
        conn, info = write_connection_file(str(self.dir / "conn.json"), transport="ipc",
                                           ip=str(self.dir / "ipc"), key=key)
        self.session = Session(key=key, signature_scheme="hmac-sha256", username="grader")
        self.proc = None
        log = str(self.dir / "kernel.log")
        if zygote is not None:
            self.pid = zygote.spawn(conn, str(self.cwd), log, memory)
        else:
            env = dict(os.environ)
            env.update(kernel_env())
            with open(log, "wb") as fh:
                self.proc = subprocess.Popen([sys.executable, "-m", "ipykernel_launcher", "-f", conn, *KERNEL_ARGS],
                                             cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=fh,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            self.pid = self.proc.pid
        self.ctx = zmq.Context.instance()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.MAXMSGSIZE, MAX_REPLY_BYTES)
        self.sock.setsockopt(zmq.IDENTITY, secrets.token_hex(8).encode())
        self.sock.connect(f"ipc://{info['ip']}-{info['shell_port']}")

    def alive(self) -> bool:
        if self.proc is not None:
            return self.proc.poll() is None
        return _alive(self.pid)

    def send(self, code: str, user_expressions=None, silent=False) -> str:
        """Send one cell; return the id of the request."""
        msg = self.session.send(self.sock, "execute_request", {
            "code": code, "silent": silent, "store_history": not silent,
            "user_expressions": user_expressions or {}, "allow_stdin": False, "stop_on_error": False})
        return msg["header"]["msg_id"]

    def wait(self, msg_id: str, timeout: float) -> dict:
        """The content of the execute_reply to ``msg_id``. Raises CellTimeout or KernelDied."""
        import zmq
        deadline = time.monotonic() + timeout
        poller = zmq.Poller()
        poller.register(self.sock, zmq.POLLIN)
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise CellTimeout
            if poller.poll(min(left, 0.05) * 1000):
                try:
                    _, reply = self.session.feed_identities(self.sock.recv_multipart(zmq.NOBLOCK), copy=True)
                    reply = self.session.deserialize(reply, content=True)
                except (ValueError, KeyError, TypeError, zmq.ZMQError):
                    continue                   # unsigned or garbled: not our reply
                if reply.get("parent_header", {}).get("msg_id") == msg_id:
                    return reply["content"]
            elif not self.alive():
                raise KernelDied

    def execute(self, code: str, timeout: float, user_expressions=None, silent=False) -> dict:
        """Run one cell; return the content of its execute_reply. Raises CellTimeout or KernelDied."""
        return self.wait(self.send(code, user_expressions, silent), timeout)

    def interrupt(self) -> None:
        try:
            os.kill(self.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        try:
            self.sock.close(0)
        except Exception:
            pass
        for target in (lambda: os.killpg(self.pid, signal.SIGKILL), lambda: os.kill(self.pid, signal.SIGKILL)):
            try:
                target()
            except (ProcessLookupError, PermissionError):
                pass
        if self.proc is not None:
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        shutil.rmtree(self.dir, ignore_errors=True)


class KernelPool:
    """Keeps ``size`` fresh kernels started ahead, so that a worker never waits for a start."""

    def __init__(self, workdir: Path, size: int, preload=(), cold=False, memory=None):
        self.workdir = Path(workdir)
        self.memory = memory
        self.zygote = None if cold else Zygote(preload)
        self.ready: list[Kernel] = []
        self.cond = threading.Condition()
        self.size = size
        self.closed = False
        self.wanted = 0
        self.thread = threading.Thread(target=self._fill, daemon=True)
        self.thread.start()

    def _fill(self):
        while True:
            with self.cond:
                while not self.closed and len(self.ready) >= self.size:
                    self.cond.wait()
                if self.closed:
                    return
            try:
                k = Kernel(self.workdir, self.zygote, self.memory)
            except Exception as exc:                 # noqa: BLE001 - surfaced to the workers
                with self.cond:
                    self.error = exc
                    self.closed = True
                    self.cond.notify_all()
                return
            with self.cond:
                self.ready.append(k)
                self.cond.notify_all()

    def get(self) -> Kernel:
        with self.cond:
            while not self.ready:
                if self.closed:
                    raise RuntimeError(f"could not start a kernel: {getattr(self, 'error', 'pool closed')}")
                self.cond.wait()
            k = self.ready.pop(0)
            self.cond.notify_all()
            return k

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify_all()
        self.thread.join(timeout=10)
        for k in self.ready:
            k.kill()
        self.ready = []
        if self.zygote is not None:
            self.zygote.close()
