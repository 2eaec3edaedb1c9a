"""Where scan tasks run: in this process, in local worker processes, or on a Dask cluster.

Every runner yields results in task order and keeps only a bounded number of tasks in flight, so a
huge input is never all in memory at once.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

from hkaigov.domain.errors import InputError

T = TypeVar("T")
R = TypeVar("R")


def _ordered(submit: Callable[[T], Any], tasks: Iterable[T], in_flight: int) -> Iterator[Any]:
    pending: deque[Any] = deque()
    for task in tasks:
        pending.append(submit(task))
        if len(pending) >= in_flight:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def run_local(func: Callable[[T], R], tasks: Iterable[T], workers: int) -> Iterator[R]:
    if workers <= 1:
        yield from map(func, tasks)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context(method)) as pool:

        def submit(task: T) -> Future[R]:
            return pool.submit(func, task)

        yield from _ordered(submit, tasks, 2 * workers)


def run_dask(func: Callable[[T], R], tasks: Iterable[T], scheduler: str | None, workers: int) -> Iterator[R]:
    """Run on the Dask scheduler at `scheduler` (tcp://host:port), or on a local cluster when None.

    Tasks name byte ranges of files, not their contents: the workers read their own partitions, so
    the files must be at the same path on every worker (a shared or replicated file system).
    """
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise InputError("--engine dask needs the 'distributed' package (pip install 'dask[distributed]')") from None
    cluster = None
    try:
        if scheduler is None:
            cluster = LocalCluster(
                n_workers=max(1, workers),
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
            client = Client(cluster)
        else:
            client = Client(scheduler, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise InputError(f"--scheduler: cannot reach the Dask scheduler at {scheduler}: {exc}") from None
    try:
        counter = iter(range(1 << 62))

        def submit(task: T) -> Any:
            return client.submit(func, task, pure=False, key=f"hkaigov-pii-{next(counter)}")

        yield from _ordered(submit, tasks, 4 * max(1, len(client.scheduler_info().get("workers", {})) or 1))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
