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

Where the machine allows it, kernels run in an operating-system sandbox
(:class:`Sandbox`, :func:`detect_sandbox`): with bubblewrap the zygote itself runs
under ``bwrap`` and sees only the Python environment and the kit parts an exercise
needs (:func:`sandbox_binds`); each kernel it forks unshares user, mount, network,
IPC, UTS and PID namespaces again, covers the other kernels' folders, ``/proc``
and ``/dev/shm``, gets a private size-capped ``/tmp``, and drops every capability
before it runs (``ZYGOTE_SOURCE``). The grader talks to it through ipc sockets in
the one folder they share (``/k`` inside, ``Kernel.dir`` outside). Without
bubblewrap: one Docker/Podman container per kernel, else no sandbox at all
(:data:`NOT_ISOLATED`).

Example (the serialiser's tagged JSON, decoded in the grader):
    >>> decode_value('{"$set": ["003:s7"]}')
    {'003:s7'}
    >>> decode_value('{"$tuple": [1, {"$date": "2025-12-03"}]}')
    (1, datetime.date(2025, 12, 3))
"""
from __future__ import annotations

import base64
import datetime as _dt
import hashlib
import hmac
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
from dataclasses import dataclass, field
from pathlib import Path

MAX_VALUE_CHARS = 200_000          # an answer larger than this is not graded
MAX_REPLY_BYTES = 4 * 1024 * 1024  # zmq drops the connection past this

# ---------------------------------------------------------------------------
# The first cell of every graded run: the guard and the serialiser
# ---------------------------------------------------------------------------
GUARD_SOURCE = r'''
def _medialit_guard(protect, allow, probe, file_limit, hook_on=True):
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
    if hook_on:                               # only without an OS sandbox (mode "none")
        sys.addaudithook(hook)
        try:
            import _posixsubprocess
            del _posixsubprocess.fork_exec    # fork_exec raises no audit event: take it away
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


def guard_cell(protect, allow, probe, file_limit, hook=True) -> str:
    """The source of the grader's first cell (installs the guard, then forgets its own name).

    In an OS sandbox (``hook=False``) it only installs the serialiser, the output sink and the
    file-size limit: what the kernel cannot reach is decided by what the sandbox mounts.
    """
    return (GUARD_SOURCE + f"\n_medialit_guard({[str(p) for p in protect]!r}, {str(allow)!r}, "
            f"{probe!r}, {int(file_limit)}, {bool(hook)!r})\ndel _medialit_guard\n")


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
# The sandbox: which one this machine has
# ---------------------------------------------------------------------------
NOT_ISOLATED = "not isolated: run on Linux with bubblewrap, or install Docker, for grades that count"
SCRATCH_BYTES = 64 * 1024 ** 2     # the kernel's writable /tmp (a tmpfs of this size)
TEMPLATE_TMP = "/.template-tmp"    # where a kernel briefly sees the template's /tmp, to keep what lives under it


def paths_under_tmp(binds) -> list[str]:
    """The read-only paths a kernel must keep seeing although its own /tmp covers /tmp.

    A kit cloned under /tmp (as a CI run may be) has its Python environment and its
    files there; each kernel's private /tmp would hide them.

    >>> paths_under_tmp(["/usr", "/tmp/ci/kit/.venv", "/tmp/ci/kit/medialit", "/tmpx"])
    ['/tmp/ci/kit/.venv', '/tmp/ci/kit/medialit']
    """
    return sorted(str(p) for p in binds if str(p).startswith("/tmp/"))
SANDBOX_MODES = ("auto", "bwrap", "docker", "none")


@dataclass
class Sandbox:
    """Where kernels run: ``bwrap`` (Linux namespaces), ``docker`` (a container) or ``none``.

    ``none`` is the in-process audit hook of :data:`GUARD_SOURCE` only: not an isolation.

    >>> Sandbox("none").isolated, Sandbox("bwrap", "/usr/bin/bwrap").isolated
    (False, True)
    """

    mode: str
    program: str = ""                       # the bwrap or docker/podman executable
    why: str = ""                           # why this mode was chosen (for the run's notes)
    binds: list = field(default_factory=list)   # read-only paths the kernels see (bwrap, docker)

    @property
    def isolated(self) -> bool:
        return self.mode in ("bwrap", "docker")


def python_paths(kit_root: Path) -> list[str]:
    """The folders of this Python environment a kernel must read (prefixes, then other sys.path entries).

    Entries inside the kit (its tests, the kit root itself on an editable install) are left out:
    the kit is shown to the kernel folder by folder (:data:`KIT_PARTS`). Only ``site-packages``
    folders are taken from ``sys.path``: never a script's folder or the current folder.
    """
    prefixes = []
    for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
              os.path.dirname(os.path.realpath(sys.executable))):
        rp = Path(os.path.realpath(p))
        if rp.is_dir() and rp != Path("/"):
            prefixes.append(rp)
    found = list(prefixes)
    for entry in sys.path:
        if not entry:
            continue
        rp = Path(os.path.realpath(entry))
        if not rp.is_dir() or not ({"site-packages", "dist-packages"} & set(rp.parts)):
            continue                       # a script's folder, the kit's tests, the current folder: not shown
        found.append(rp)
    keep = []
    for p in sorted(set(found), key=lambda x: (len(x.parts), str(x))):
        if not any(p == q or q in p.parents for q in keep):
            keep.append(p)
    return [str(p) for p in keep]


KIT_PARTS = ("medialit", "articles", "exercises/questions", "case.json")
SYSTEM_DIRS = ("usr", "bin", "sbin", "lib", "lib32", "lib64")
SYSTEM_FILES = ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime", "/etc/nsswitch.conf")


def sandbox_binds(kit_root: Path, protect, case: Path | None = None) -> list[str]:
    """The read-only paths a sandboxed kernel sees: the Python environment and the kit parts an exercise needs.

    ``case`` (default: the kit itself) is the active case folder: its ``articles/``,
    ``exercises/questions/`` and ``case.json`` are shown instead of the kit's. A path that holds a
    protected folder (solutions, the key, the submissions, the output) is never shown: ``ValueError``
    when the Python environment itself would show one.
    """
    kit_root = Path(kit_root).resolve()
    case = Path(case).resolve() if case else kit_root
    parts = [kit_root / "medialit"] + [case / part for part in KIT_PARTS if part != "medialit"]
    paths = python_paths(kit_root) + [str(p) for p in parts if p.exists()]
    guarded = [Path(os.path.realpath(p)) for p in protect]
    for p in paths:
        rp = Path(p)
        for g in guarded:
            if g == rp or rp in g.parents:
                raise ValueError(f"the sandbox would show {g} (it is inside {rp}): move it out of the Python environment")
    return paths


def read_only_view(binds) -> list[str]:
    """bwrap arguments that show the system folders and ``binds`` read-only (and nothing else).

    >>> read_only_view(["/opt/kit"])[-3:]
    ['--ro-bind', '/opt/kit', '/opt/kit']
    """
    args = []
    for name in SYSTEM_DIRS:
        host = "/" + name
        if os.path.islink(host):
            args += ["--symlink", os.readlink(host), host]
        elif os.path.isdir(host):
            args += ["--ro-bind", host, host]
    for f in SYSTEM_FILES:
        args += ["--ro-bind-try", f, f]
    for p in binds:
        args += ["--ro-bind", str(p), str(p)]
    return args


def bwrap_command(bwrap: str, binds, kernels_dir, env: dict) -> list[str]:
    """The bubblewrap command line of the kernel template (see the module docstring).

    >>> cmd = bwrap_command("bwrap", ["/opt/py"], "/tmp/w/kernels", {"HOME": "/tmp"})
    >>> cmd[:7]
    ['bwrap', '--unshare-user', '--unshare-ipc', '--unshare-net', '--unshare-uts', '--unshare-cgroup-try', '--die-with-parent']
    >>> cmd[cmd.index("--bind") + 1:cmd.index("--bind") + 3]
    ['/tmp/w/kernels', '/kernels']
    >>> "/opt/py" in cmd and "--remount-ro" in cmd and "--clearenv" in cmd
    True
    """
    cmd = [bwrap, "--unshare-user", "--unshare-ipc", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try",
           "--die-with-parent", "--new-session", "--clearenv"]
    for k, v in sorted(env.items()):
        cmd += ["--setenv", k, v]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp", "--dir", "/k", "--dir", TEMPLATE_TMP,
            "--bind", str(kernels_dir), "/kernels"]
    cmd += read_only_view(binds)
    cmd += ["--remount-ro", "/", "--chdir", "/tmp"]
    return cmd


def bwrap_kernel_command(bwrap: str, binds, kernel_dir, env: dict, python: str = sys.executable) -> list[str]:
    """One cold kernel in a bubblewrap sandbox of its own (``--cold``): every namespace, its folder at /k.

    >>> cmd = bwrap_kernel_command("bwrap", ["/opt/py"], "/tmp/w/k-1", {"HOME": "/tmp"}, "python")
    >>> cmd[1:4], cmd[cmd.index("--size") + 1:cmd.index("--size") + 4]
    (['--unshare-all', '--die-with-parent', '--new-session'], ['67108864', '--tmpfs', '/tmp'])
    >>> cmd[cmd.index("-f") - 2:cmd.index("-f") + 2]
    ['-m', 'ipykernel_launcher', '-f', '/k/conn.json']
    """
    cmd = [bwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv"]
    for k, v in sorted(env.items()):
        cmd += ["--setenv", k, v]
    cmd += ["--proc", "/proc", "--dev", "/dev", "--size", str(SCRATCH_BYTES), "--tmpfs", "/tmp",
            "--bind", str(kernel_dir), "/k"]
    cmd += read_only_view(binds)
    return cmd + ["--remount-ro", "/", "--chdir", "/tmp", python, "-m", "ipykernel_launcher", "-f", "/k/conn.json",
                  *KERNEL_ARGS]


def docker_image_tag(kit_root: Path) -> str:
    """The grading image's tag: a hash of requirements.txt and the kit parts baked into it."""
    h = hashlib.sha256()
    for part in ("requirements.txt",) + KIT_PARTS:
        base = Path(kit_root) / part
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
        for f in files:
            if "__pycache__" in f.parts:
                continue
            h.update(f.relative_to(kit_root).as_posix().encode() + b"\0" + f.read_bytes())
    return "medialit-grader:" + h.hexdigest()[:12]


DOCKERFILE = """\
FROM python:{python}-slim
COPY requirements.txt /kit/requirements.txt
RUN pip install --no-cache-dir -r /kit/requirements.txt
COPY medialit /kit/medialit
COPY articles /kit/articles
COPY exercises/questions /kit/exercises/questions
COPY case.json /kit/case.json
ENV PYTHONPATH=/kit MEDIALIT_KEY_DIR=none MEDIALIT_CASE=/kit
USER 65534:65534
WORKDIR /tmp
"""


def docker_build_command(engine: str, kit_root: Path) -> tuple[list[str], str]:
    """``(command, Dockerfile text)``: build the grading image from requirements.txt (as otter-grader does).

    >>> cmd, text = docker_build_command("docker", Path("/kit"))
    >>> cmd[:2], cmd[-2:], "pip install --no-cache-dir -r /kit/requirements.txt" in text
    (['docker', 'build'], ['-f', '-'], True)
    """
    py = f"{sys.version_info.major}.{sys.version_info.minor}"
    tag = docker_image_tag(kit_root) if Path(kit_root, "requirements.txt").exists() else "medialit-grader:dev"
    return [engine, "build", "--quiet", "-t", tag, str(kit_root), "-f", "-"], DOCKERFILE.format(python=py)


def docker_run_command(engine: str, image: str, name: str, kernel_dir, memory: int | None) -> list[str]:
    """One kernel in its own container: no network, read-only image, a capped /tmp, no capabilities.

    The connection file and the ipc sockets are in ``kernel_dir``, the only host folder it sees.

    >>> cmd = docker_run_command("podman", "medialit-grader:abc", "mk-1", "/tmp/w/k-1", 2 ** 31)
    >>> [cmd[i] for i in (0, 1, 2)] + cmd[cmd.index("--network"):cmd.index("--network") + 2]
    ['podman', 'run', '--rm', '--network', 'none']
    >>> "--read-only" in cmd and "ALL" in cmd and "/tmp/w/k-1:/k" in cmd and cmd[-len(KERNEL_ARGS) - 4:-len(KERNEL_ARGS)]
    ['-m', 'ipykernel_launcher', '-f', '/k/conn.json']
    """
    cmd = [engine, "run", "--rm", "--name", name, "--network", "none", "--read-only",
           "--cap-drop", "ALL", "--security-opt", "no-new-privileges", "--pids-limit", "256",
           "--tmpfs", f"/tmp:rw,size={SCRATCH_BYTES // 1024 ** 2}m,mode=1777",
           "--user", f"{os.getuid()}:{os.getgid()}" if hasattr(os, "getuid") else "65534:65534",
           "-v", f"{kernel_dir}:/k", "-w", "/tmp"]
    if memory:
        cmd += ["--memory", str(memory)]
    for k, v in sorted(kernel_env({"HOME": "/tmp"}).items()):
        cmd += ["-e", f"{k}={v}"]
    return cmd + [image, "python", "-m", "ipykernel_launcher", "-f", "/k/conn.json", *KERNEL_ARGS]


NEST_PROBE = r'''
import ctypes, os
libc = ctypes.CDLL(None, use_errno=True)
pid = os.fork()
if pid == 0:
    ok = libc.unshare(0x10000000 | 0x00020000 | 0x40000000 | 0x08000000 | 0x04000000 | 0x20000000) == 0
    os._exit(0 if ok else 1)
_, status = os.waitpid(pid, 0)
print("nested-ok" if status == 0 else "nested-refused")
'''


def detect_sandbox(requested: str = "auto", binds=None) -> Sandbox:
    """The sandbox to use: ``requested``, or for ``auto`` bubblewrap, then Docker/Podman, then none.

    ``$MEDIALIT_SANDBOX`` (auto, bwrap, docker, none) overrides ``auto``.
    """
    if requested == "auto":
        requested = os.environ.get("MEDIALIT_SANDBOX", "auto") or "auto"
    if requested not in SANDBOX_MODES:
        raise ValueError(f"unknown sandbox {requested!r} (one of {', '.join(SANDBOX_MODES)})")
    if requested == "none":
        return Sandbox("none", why="--sandbox none or MEDIALIT_SANDBOX=none was given")
    why = []
    if requested in ("auto", "bwrap"):
        bwrap = shutil.which("bwrap")
        if not bwrap or not sys.platform.startswith("linux"):
            why.append("no bubblewrap (bwrap) on this machine")
        else:
            try:
                with tempfile.TemporaryDirectory(prefix="medialit-probe-") as empty:
                    done = subprocess.run(bwrap_command(bwrap, binds or python_paths(Path(empty)), empty,
                                                        {"PATH": "/usr/bin:/bin"}) + [sys.executable, "-c", NEST_PROBE],
                                          capture_output=True, text=True, timeout=30)
                if "nested-ok" in done.stdout:
                    return Sandbox("bwrap", bwrap, "bubblewrap", list(binds or []))
                why.append("bubblewrap cannot create namespaces here: "
                           + (done.stderr.strip().splitlines() or ["nested user namespaces refused"])[-1][:120])
            except (OSError, subprocess.SubprocessError) as exc:
                why.append(f"bubblewrap did not run ({exc})")
        if requested == "bwrap":
            return Sandbox("none", why="; ".join(why))
    for engine in ("docker", "podman"):
        program = shutil.which(engine)
        if not program:
            continue
        try:
            done = subprocess.run([program, "info", "--format", "{{.ServerVersion}}"], capture_output=True,
                                  text=True, timeout=10)
            if done.returncode == 0:
                return Sandbox("docker", program, engine, list(binds or []))
            why.append(f"{engine} is installed but its engine does not answer")
        except (OSError, subprocess.SubprocessError):
            why.append(f"{engine} did not run")
    if requested == "docker" and not why:
        why.append("neither docker nor podman is installed")
    return Sandbox("none", why="; ".join(why) or "no sandbox found")


# ---------------------------------------------------------------------------
# Starting kernels: a fork server (zygote) or a cold start
# ---------------------------------------------------------------------------
KERNEL_ARGS = ["--HistoryManager.enabled=False", "--IPKernelApp.capture_fd_output=False",
               "--IPKernelApp.quiet=True", "--Application.log_level=CRITICAL",
               "--InteractiveShell.colors=NoColor", "--IPKernelApp.trio_loop=False"]

ZYGOTE_SOURCE = r'''
import os, sys, json, signal, resource
preload = json.loads(sys.argv[1])
isolate = sys.argv[2:3] == ["isolate"]
warmup = json.loads(sys.argv[3]) if len(sys.argv) > 3 else ""
import ipykernel.kernelapp, ipykernel.ipkernel, IPython, jupyter_client.session, zmq
try:
    import ipykernel.debugger      # imported by every kernel as it starts (debugpy: 0.1 s); once here
except Exception:
    pass
for name in preload:
    try:
        __import__(name)
    except Exception:
        pass
if warmup:
    # The exercise's own setup cells (from the kit, never a student's), run once here so that
    # the kit's lazy work (sentence splitter, caches) is done before the forks share it.
    import contextlib, io
    try:
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            exec(compile(warmup, "<exercise setup>", "exec"), {"__name__": "__medialit_warmup__"})
    except BaseException:
        pass

if isolate:
    # Each kernel gets namespaces of its own inside the template's bubblewrap sandbox: user,
    # mount, network, IPC, UTS and PID. It sees its own folder at /k (connection file and
    # sockets) and nothing of the other kernels (/kernels is covered), no /proc, a private
    # /tmp and /dev/shm of capped size, and it runs with no capabilities (so it cannot uncover
    # what is covered).
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    NEWNS, NEWUTS, NEWIPC, NEWUSER, NEWPID, NEWNET = 0x20000, 0x4000000, 0x8000000, 0x10000000, 0x20000000, 0x40000000
    RDONLY, NOSUID, NODEV, NOEXEC, BIND, REC, PRIVATE = 1, 2, 4, 8, 4096, 16384, 1 << 18
    PR_SET_PDEATHSIG, PR_SET_NO_NEW_PRIVS, PR_CAPBSET_DROP, PR_CAP_AMBIENT = 1, 38, 24, 47

    def ok(result, what):
        if result != 0:
            err = ctypes.get_errno()
            raise OSError(err, what + ": " + os.strerror(err))

    def mount(source, target, fstype, flags, data=None):
        enc = lambda x: x.encode() if x is not None else None
        ok(libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)), "mount " + target)

    def drop_capabilities():
        for cap in range(64):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                break
        libc.prctl(PR_CAP_AMBIENT, 4, 0, 0, 0)
        header = (ctypes.c_uint32 * 2)(0x20080522, 0)
        ok(libc.capset(header, (ctypes.c_uint32 * 6)()), "capset")
        ok(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")

    def die_with_parent():
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)

    def wait_and_forward(child):
        """Pass SIGINT on to ``child``; exit when it exits (a small helper: no collections, no copies)."""
        gc.disable()
        signal.signal(signal.SIGINT, lambda *_: os.kill(child, signal.SIGINT))
        while True:
            try:
                _, status = os.waitpid(child, 0)
                os._exit(0)
            except ChildProcessError:
                os._exit(0)

signal.signal(signal.SIGCHLD, signal.SIG_IGN)      # children are reaped by the system
import gc
gc.collect()
gc.freeze()          # the template's objects stay out of every fork's collections: no copy-on-write storm
out = os.fdopen(1, "w", buffering=1)
out.write("ready\n")


def launch(req):
    """Become the kernel (in the forked child)."""
    os.chdir(req["cwd"])
    sys.stdin = open(os.devnull)
    sys.stdout = sys.stderr = os.fdopen(2, "w", buffering=1)
    os.environ.clear()
    os.environ.update(req["env"])
    if req.get("memory"):
        resource.setrlimit(resource.RLIMIT_AS, (req["memory"], req["memory"]))
    sys.argv = ["ipykernel", "-f", req["conn"]] + req["args"]
    ipykernel.kernelapp.IPKernelApp.launch_instance(argv=sys.argv[1:])


def isolated(req):
    """The child that builds the kernel's namespaces, then its PID 1, then the kernel (PID 2)."""
    gc.disable()
    die_with_parent()
    uid, gid = os.getuid(), os.getgid()
    ok(libc.unshare(NEWUSER | NEWNS | NEWNET | NEWIPC | NEWUTS | NEWPID), "unshare")
    for name, text in (("setgroups", "deny"), ("uid_map", "%d %d 1" % (uid, uid)), ("gid_map", "%d %d 1" % (gid, gid))):
        with open("/proc/self/" + name, "w") as fh:
            fh.write(text)
    mount(None, "/", None, REC | PRIVATE)
    keep = req.get("keep") or []
    if keep:          # the kit lives under /tmp: keep its read-only binds visible over the private /tmp
        mount("/tmp", req["stash"], None, BIND | REC)
    mount("tmpfs", "/tmp", "tmpfs", NOSUID | NODEV, "size=%d,mode=0700" % req["scratch"])
    for path in keep:
        source = req["stash"] + path[len("/tmp"):]
        if os.path.isdir(source):
            os.makedirs(path, exist_ok=True)
        else:                                       # a file (case.json): its mount point is a file
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "a").close()
        mount(source, path, None, BIND | REC)      # read-only, as in the template
    if keep:
        ok(libc.umount2(req["stash"].encode(), 2), "umount " + req["stash"])   # MNT_DETACH
    mount("tmpfs", "/dev/shm", "tmpfs", NOSUID | NODEV | NOEXEC, "size=1048576,mode=0700")
    mount(req["dir"], "/k", None, BIND)
    mount("tmpfs", "/kernels", "tmpfs", RDONLY | NOSUID | NODEV | NOEXEC, "size=4096,mode=0555")
    mount("tmpfs", "/proc", "tmpfs", RDONLY | NOSUID | NODEV | NOEXEC, "size=4096,mode=0555")
    libc.sethostname(b"kernel", 6)
    init = os.fork()
    if init:
        drop_capabilities()
        wait_and_forward(init)
    die_with_parent()                              # PID 1 of the kernel's own PID namespace
    kernel = os.fork()
    if kernel:
        drop_capabilities()
        wait_and_forward(kernel)
    die_with_parent()
    os.setsid()
    drop_capabilities()
    gc.enable()
    launch(req)


for line in sys.stdin:
    req = json.loads(line)
    pid = os.fork()
    if pid:
        out.write("%d\n" % pid)
        continue
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        null = os.open(os.devnull, os.O_RDWR)
        log = os.open(req["log"], os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.dup2(null, 0); os.dup2(log, 1); os.dup2(log, 2)
        os.closerange(3, 1024)
        if isolate:
            isolated(req)
        else:
            os.setsid()
            launch(req)
    except BaseException:
        import traceback; traceback.print_exc()
    finally:
        os._exit(0)
'''


def kernel_env(extra=None) -> dict:
    """The whole environment of a kernel: nothing of the grader's (no PWD, no paths, no HOME)."""
    env = {"MEDIALIT_KEY_DIR": "none", "PYTHONDONTWRITEBYTECODE": "1", "MPLBACKEND": "Agg",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1", "JPY_PARENT_PID": "", "PYTHONHASHSEED": "0",
           "PATH": "/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", "HOME": "/tmp", "USER": "student",
           "MPLCONFIGDIR": "/tmp/.matplotlib", "IPYTHONDIR": "/tmp/.ipython", "TMPDIR": "/tmp"}
    env.update(extra or {})
    return env


class Zygote:
    """One template process; ``spawn()`` forks a fresh kernel from it.

    With a bubblewrap :class:`Sandbox` the template itself runs inside bubblewrap (it sees only the
    Python environment and the kit parts of :func:`sandbox_binds`), and every kernel it forks gets
    namespaces of its own (see :data:`ZYGOTE_SOURCE`).
    """

    def __init__(self, preload=(), python=sys.executable, sandbox: Sandbox | None = None, kernels_dir=None,
                 kit_root=None, warmup: str = "", env: dict | None = None):
        self.sandbox = sandbox or Sandbox("none")
        self.env = dict(env or {})                  # e.g. MEDIALIT_CASE for a teacher's own case
        if self.sandbox.mode == "bwrap":
            env = kernel_env(self.env)
            env.pop("PYTHONHASHSEED", None)
            if kit_root:                   # the kit as the grader imports it (also without pip install -e)
                env["PYTHONPATH"] = str(kit_root)
            cmd = bwrap_command(self.sandbox.program, self.sandbox.binds, kernels_dir, env)
            cmd += [python, "-c", ZYGOTE_SOURCE, json.dumps(list(preload)), "isolate", json.dumps(warmup)]
        else:
            env = dict(os.environ)
            env.update(kernel_env(self.env))
            env.pop("PYTHONHASHSEED", None)
            cmd = [python, "-c", ZYGOTE_SOURCE, json.dumps(list(preload)), "plain", json.dumps(warmup)]
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     env=None if self.sandbox.mode == "bwrap" else env, text=True, bufsize=1,
                                     cwd=tempfile.gettempdir())
        self.lock = threading.Lock()
        self.ready = False

    def _wait_ready(self):
        if not self.ready:
            line = self.proc.stdout.readline()
            if line.strip() != "ready":
                raise RuntimeError("the kernel template process did not start (is ipykernel installed?)")
            self.ready = True

    def spawn(self, conn: str, cwd: str, log: str, memory: int | None, kernel_dir: str | None = None,
              env: dict | None = None, args: list | None = None) -> int:
        """Fork a kernel; it reads ``conn``, works in ``cwd`` and writes its output to ``log``.

        ``env`` and ``args`` replace the grader's (:func:`kernel_env`, :data:`KERNEL_ARGS`), for a kernel
        started as ``python -m ipykernel_launcher`` would be (see :mod:`medialit.forked_kernels`).
        """
        req = {"conn": conn, "cwd": cwd, "log": log, "env": kernel_env(self.env) if env is None else dict(env),
               "args": KERNEL_ARGS if args is None else list(args),
               "memory": memory, "dir": kernel_dir, "scratch": SCRATCH_BYTES,
               "keep": paths_under_tmp(self.sandbox.binds) if self.sandbox.mode == "bwrap" else [],
               "stash": TEMPLATE_TMP}
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


class KernelGarbled(KernelDied):
    """The kernel sent a reply signed with its key that cannot be read: code in it broke its messaging
    (e.g. replaced ``json.dumps``). Waiting longer would only reach the time limit."""


class CellTimeout(Exception):
    """A cell ran past the per-cell limit."""


class Kernel:
    """A fresh kernel in its own empty working folder; talk to it with :meth:`execute`.

    Its folder (``self.dir``) holds the connection file and the ipc sockets; in a sandbox it is the
    only folder of the grader's that the kernel sees (at ``/k``), and its working folder is the
    sandbox's private ``/tmp``.
    """

    def __init__(self, workdir: Path, zygote: Zygote | None, memory: int | None = None,
                 sandbox: Sandbox | None = None, image: str = "", kit_root=None, env: dict | None = None):
        import zmq
        from jupyter_client.connect import write_connection_file
        from jupyter_client.session import Session

        self.sandbox = sandbox or Sandbox("none")
        self.dir = Path(tempfile.mkdtemp(prefix="k-", dir=workdir))
        inside = self.sandbox.isolated
        if inside:
            self.cwd = Path("/tmp")
        else:
            self.cwd = self.dir / "cwd"
            self.cwd.mkdir()
        key = secrets.token_hex(16).encode()
        conn, info = write_connection_file(str(self.dir / "conn.json"), transport="ipc",
                                           ip="/k/ipc" if inside else str(self.dir / "ipc"), key=key)
        host_ipc = str(self.dir / "ipc")
        self.session = Session(key=key, signature_scheme="hmac-sha256", username="grader")
        self.proc = None
        self.name = ""
        log = str(self.dir / "kernel.log")
        if zygote is not None:
            if inside:
                self.pid = zygote.spawn("/k/conn.json", "/tmp", f"/kernels/{self.dir.name}/kernel.log", memory,
                                        f"/kernels/{self.dir.name}")
            else:
                self.pid = zygote.spawn(conn, str(self.cwd), log, memory)
        else:
            preexec = None
            if self.sandbox.mode == "docker":
                self.name = "medialit-" + self.dir.name.replace("_", "-").lower()
                cmd = docker_run_command(self.sandbox.program, image, self.name, self.dir, memory)
                env = None
            elif self.sandbox.mode == "bwrap":
                cmd = bwrap_kernel_command(self.sandbox.program, self.sandbox.binds, self.dir,
                                           kernel_env({**(env or {}), **({"PYTHONPATH": str(kit_root)} if kit_root else {})}))
                env = {}
                if memory:
                    import resource
                    preexec = lambda: resource.setrlimit(resource.RLIMIT_AS, (memory, memory))  # noqa: E731
            else:
                cmd = [sys.executable, "-m", "ipykernel_launcher", "-f", conn, *KERNEL_ARGS]
                env = {**{k: v for k, v in os.environ.items() if k == "PYTHONPATH"}, **kernel_env(env)}
            with open(log, "wb") as fh:
                self.proc = subprocess.Popen(cmd, cwd=self.cwd if not inside else None, env=env,
                                             stdin=subprocess.DEVNULL, stdout=fh, preexec_fn=preexec,
                                             stderr=subprocess.STDOUT, start_new_session=True)
            self.pid = self.proc.pid
        self.ctx = zmq.Context.instance()
        self.sock = self.ctx.socket(zmq.DEALER)
        self.sock.setsockopt(zmq.LINGER, 0)
        self.sock.setsockopt(zmq.MAXMSGSIZE, MAX_REPLY_BYTES)
        self.sock.setsockopt(zmq.IDENTITY, secrets.token_hex(8).encode())
        self.sock.connect(f"ipc://{host_ipc}-{info['shell_port']}")
        self.control = f"ipc://{host_ipc}-{info['control_port']}"

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
                    _, parts = self.session.feed_identities(self.sock.recv_multipart(zmq.NOBLOCK), copy=True)
                except (ValueError, zmq.ZMQError):
                    continue
                if len(parts) < 5 or not hmac.compare_digest(parts[0], self.session.sign(parts[1:5])):
                    continue                   # unsigned or forged: not our kernel's reply
                try:
                    reply = self.session.deserialize(parts, content=True)
                    if not isinstance(reply.get("content"), dict):
                        raise TypeError("the reply has no content")
                    mine = reply.get("parent_header", {}).get("msg_id") == msg_id
                except (ValueError, KeyError, TypeError, AttributeError):
                    raise KernelGarbled from None   # only code inside the kernel holds its key
                if mine:
                    return reply["content"]
            elif not self.alive():
                raise KernelDied

    def execute(self, code: str, timeout: float, user_expressions=None, silent=False) -> dict:
        """Run one cell; return the content of its execute_reply. Raises CellTimeout or KernelDied."""
        return self.wait(self.send(code, user_expressions, silent), timeout)

    def interrupt(self) -> None:
        """SIGINT to the kernel; a kernel in a sandbox of its own (cold bwrap, docker) gets an interrupt_request."""
        if self.proc is not None and self.sandbox.isolated:
            import zmq
            control = self.ctx.socket(zmq.DEALER)
            control.setsockopt(zmq.LINGER, 0)
            control.connect(self.control)
            self.session.send(control, "interrupt_request", {})
            control.close(100)
            return
        try:
            os.kill(self.pid, signal.SIGINT)
        except ProcessLookupError:
            pass

    def kill(self) -> None:
        try:
            self.sock.close(0)
        except Exception:
            pass
        if self.name:
            subprocess.run([self.sandbox.program, "rm", "-f", self.name], capture_output=True, timeout=30)
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
    """Keeps ``size`` fresh kernels started ahead, so that a worker never waits for a start.

    With ``total`` (the number of notebooks to run), it starts no more than that in all: no
    kernel is started only to be stopped unused when the batch ends.
    """

    def __init__(self, workdir: Path, size: int, preload=(), cold=False, memory=None,
                 sandbox: Sandbox | None = None, kit_root=None, warmup: str = "", env: dict | None = None,
                 total: int | None = None):
        self.sandbox = sandbox or Sandbox("none")
        self.workdir = Path(workdir) / "kernels"
        self.workdir.mkdir(exist_ok=True)
        self.memory = memory
        self.kit_root = kit_root
        self.env = dict(env or {})
        self.image = ""
        if self.sandbox.mode == "docker":
            cold = True                                  # one container per kernel
            self.image = build_docker_image(self.sandbox.program, kit_root)
        self.zygote = None if cold else Zygote(preload, sandbox=self.sandbox, kernels_dir=self.workdir,
                                               kit_root=kit_root, warmup=warmup, env=self.env)
        self.ready: list[Kernel] = []
        self.cond = threading.Condition()
        self.size = size
        self.closed = False
        self.left_to_start = total if total is not None else float("inf")
        self.thread = threading.Thread(target=self._fill, daemon=True)
        self.thread.start()

    def _fill(self):
        while True:
            with self.cond:
                while not self.closed and len(self.ready) >= self.size:
                    self.cond.wait()
                if self.closed or self.left_to_start <= 0:
                    return
                self.left_to_start -= 1
            try:
                k = Kernel(self.workdir, self.zygote, self.memory, self.sandbox, self.image, self.kit_root, self.env)
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
                if self.closed or (self.left_to_start <= 0 and not self.thread.is_alive()):
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


def build_docker_image(engine: str, kit_root) -> str:
    """Build (or reuse) the grading image; return its tag. Not run on the development machine (no engine)."""
    cmd, dockerfile = docker_build_command(engine, Path(kit_root))
    tag = cmd[cmd.index("-t") + 1]
    if subprocess.run([engine, "image", "inspect", tag], capture_output=True).returncode != 0:
        done = subprocess.run(cmd, input=dockerfile, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{engine} build failed: {done.stderr.strip()[-300:]}")
    return tag
