"""Kernels forked from a warm template, for the test suite's notebooks (a Jupyter kernel provisioner).

Every notebook the test suite runs (nbval on ``solutions/`` and ``exercises/``; lessons for
handouts, briefs and the release) starts a kernel, and a cold ``python -m ipykernel_launcher``
spends about 0.6 s of CPU importing ipykernel, IPython, zmq and debugpy before it runs a
cell: a quarter of the suite. :class:`ForkedKernelProvisioner` starts each kernel instead
as a ``fork()`` of one template process per test process that has imported exactly those
modules and nothing else (the grader's :class:`medialit.grader_kernel.Zygote`, without its
sandbox), with the environment, working folder and arguments the kernel manager asked for.
What runs in the kernel is the same ipykernel; no module of the kit or the notebooks is
loaded in the template, so every notebook still imports its own modules into a fresh process.

It is used only where a kernel spec asks for it: ``tests/conftest.py`` puts a ``python3``
kernel spec with ``"kernel_provisioner": {"provisioner_name": "medialit-forked"}`` first on
``JUPYTER_PATH`` for the test run. JupyterLab, students and teachers keep the usual kernel.
Where ``fork`` is missing (Windows), it starts the kernel as usual.

    >>> ForkedKernelProvisioner.__mro__[1].__name__
    'LocalProvisioner'
"""
from __future__ import annotations

import atexit
import os
import signal
import tempfile
import threading
from pathlib import Path

from jupyter_client.provisioning import LocalProvisioner

# What every kernel imports as it starts, and reads no environment variable while importing.
TEMPLATE_MODULES = ["ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.debugger", "IPython",
                    "jupyter_client.session", "zmq", "tornado.ioloop"]

_template = None
_template_lock = threading.Lock()


def template():
    """The warm template of this process (started on first use, stopped at exit)."""
    global _template
    with _template_lock:
        if _template is None or _template.proc.poll() is not None:
            from .grader_kernel import Zygote

            _template = Zygote(preload=TEMPLATE_MODULES)
            atexit.register(_template.close)
        return _template


class ForkedProcess:
    """The little of ``subprocess.Popen`` the kernel manager uses, for a kernel the template forked."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int):
        self.pid = pid
        self.returncode = None

    def poll(self):
        if self.returncode is None:
            try:
                os.kill(self.pid, 0)          # the template reaps its children: gone means exited
            except ProcessLookupError:
                self.returncode = 0
            except PermissionError:
                pass
        return self.returncode

    def wait(self, timeout=None):
        import time

        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() > end:
                import subprocess

                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            time.sleep(0.05)
        return self.returncode

    def send_signal(self, signum):
        try:
            os.kill(self.pid, signum)
        except ProcessLookupError:
            pass

    def terminate(self):
        self.send_signal(signal.SIGTERM)

    def kill(self):
        self.send_signal(signal.SIGKILL)


class ForkedKernelProvisioner(LocalProvisioner):
    """``LocalProvisioner``, but the kernel is forked from :func:`template` (see the module's docstring)."""

    async def launch_kernel(self, cmd: list[str], **kwargs):
        if not hasattr(os, "fork") or "ipykernel_launcher" not in cmd:
            return await super().launch_kernel(cmd, **kwargs)
        args = cmd[cmd.index("ipykernel_launcher") + 1:]          # ["-f", "<connection file>", ...]
        if args[:1] != ["-f"] or len(args) < 2:
            return await super().launch_kernel(cmd, **kwargs)
        env = kwargs.get("env") or dict(os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        if env.get("PYTHONPATH") != os.environ.get("PYTHONPATH"):      # the template's sys.path would differ
            return await super().launch_kernel(cmd, **kwargs)
        self.log_dir = tempfile.mkdtemp(prefix="medialit-kernel-")
        pid = template().spawn(conn=args[1], cwd=cwd, log=str(Path(self.log_dir) / "kernel.log"), memory=None,
                               env=env, args=args[2:])
        self.process = ForkedProcess(pid)
        self.pid = self.pgid = pid                  # the kernel leads a session of its own (setsid)
        self.cwd = cwd
        return self.connection_info

    async def cleanup(self, restart: bool = False) -> None:
        import shutil

        shutil.rmtree(getattr(self, "log_dir", "") or "/nonexistent", ignore_errors=True)
        await super().cleanup(restart)
