"""The suite's kernels, forked from a warm template (medialit/forked_kernels.py), behave as cold ones.

Each gets the environment and working folder its manager asked for, has none of the kit's or the
notebooks' modules loaded, can be interrupted, and is gone after shutdown.
"""
import os
import time

import pytest
from jupyter_client import KernelManager

from medialit.forked_kernels import ForkedKernelProvisioner, ForkedProcess


@pytest.fixture
def kernel(tmp_path):
    km = KernelManager(kernel_name="python3")       # the spec tests/conftest.py put first on JUPYTER_PATH
    km.start_kernel(cwd=str(tmp_path), env={**os.environ, "MEDIALIT_FORK_PROBE": "asked-for"})
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=30)
    yield km, kc
    kc.stop_channels()
    km.shutdown_kernel(now=True)


def run(kc, code: str, timeout: float = 30) -> tuple[str, dict]:
    out = []
    reply = kc.execute_interactive(code, timeout=timeout,
                                   output_hook=lambda m: out.append(m["content"].get("text", "")))
    return "".join(out), reply["content"]


def test_a_forked_kernel_gets_its_own_folder_and_environment_and_no_kit_module(kernel, tmp_path):
    km, kc = kernel
    assert isinstance(km.provisioner, ForkedKernelProvisioner) and isinstance(km.provisioner.process, ForkedProcess)
    text, reply = run(kc, "import os, sys\n"
                          "print(os.getcwd()); print(os.environ['MEDIALIT_FORK_PROBE'])\n"
                          "print(sorted(m for m in ('medialit', 'matplotlib', 'nltk', 'numpy') if m in sys.modules))")
    assert reply["status"] == "ok"
    assert text.splitlines() == [str(tmp_path), "asked-for", "[]"]


def test_a_forked_kernel_can_be_interrupted_and_is_gone_after_shutdown(kernel):
    km, kc = kernel
    msg_id = kc.execute("import time; time.sleep(30)")
    time.sleep(0.5)
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=10)
    assert reply["parent_header"]["msg_id"] == msg_id and reply["content"]["ename"] == "KeyboardInterrupt"
    pid = km.provisioner.pid
    km.shutdown_kernel(now=False)
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
