"""Shared fixtures: notebook execution that survives pytest-xdist, and a clean widget state."""
import os
import time
from pathlib import Path
from queue import Empty

import matplotlib
import pytest
from jupyter_client.channels import AsyncZMQSocketChannel

matplotlib.use("Agg")

REPO = Path(__file__).resolve().parents[1]


async def _get_msg_in_slices(self, timeout=None):
    """Poll the socket in 0.1 s slices: under xdist a single long poll can miss its
    wake-up and hang until the cell timeout (jupyter/nbclient#312)."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        if await self.socket.poll(100):
            return await self._recv()
        if deadline is not None and time.monotonic() >= deadline:
            raise Empty


AsyncZMQSocketChannel.get_msg = _get_msg_in_slices


@pytest.fixture(autouse=True)
def close_widgets_and_figures():
    yield
    import ipywidgets
    import matplotlib.pyplot as plt

    ipywidgets.Widget.close_all()
    plt.close("all")


@pytest.fixture(autouse=True, scope="session")
def progress_kept_in_a_scratch_file(tmp_path_factory):
    """Self-checks that tests (and the kernels they start) answer note the learner's
    progress in a scratch file, never in the home folder of whoever runs the tests."""
    os.environ["REWIRE_PROGRESS"] = str(tmp_path_factory.mktemp("progress") / "progress.json")
