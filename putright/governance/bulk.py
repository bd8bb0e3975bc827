"""Reading a year's records in one go without the cyclic garbage collector's full passes.

A self-assessment decodes every event of a reporting year it reads (about 150,000 at 100,000
complaints) into typed events that all stay alive until it ends. CPython's collector starts a pass
every 700 new objects and, every tenth and hundredth pass, walks everything still alive: at that
size about 12 full passes and 2,000 others, 15-20% of the run, none of which frees anything (the
events hold no cycles; each is freed by its reference count when the run ends). The collector is
paused for the run and started again after it, whatever happens.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def reading_in_bulk() -> Iterator[None]:
    """Pause the cyclic collector for the block; leave it as it was found after (nested blocks and
    a collector already paused by someone else are left alone)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
