"""Where one chunk's firing spends its time: `fire_chunk` in this process under cProfile, on a
fresh copy of the deadlines bench template, one transaction per chunk as a worker runs it.

    .venv/bin/python -m bench.deadlines.profile --postgres-db fm_bench_deadlines
    .venv/bin/python -m bench.deadlines.profile --one-by-one       # the per-id path, to compare

Not a test; pytest never collects bench/. The template comes from `bench.deadlines.run` (seeded
here if missing). Prints the rate, the statements per firing and the top functions.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import time
from dataclasses import replace

from sqlalchemy import event, select

from bench.deadlines.run import DEFAULT_POSTGRES
from bench.deadlines.seed import copy_of, seed_template
from fairmarket.bootstrap import bootstrap
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.entrypoints.worker import firing
from fairmarket.entrypoints.worker.firing import Stage, fire_chunk
from fairmarket.settings import Settings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=2000, help="deadlines fired")
    parser.add_argument("--chunk-size", type=int, default=50)
    parser.add_argument("--one-by-one", action="store_true", help="the per-id path")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-profile", action="store_true", help="time only")
    parser.add_argument(
        "--postgres-url", default=os.environ.get("FAIRMARKET_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--postgres-db", default="fm_bench_deadlines")
    args = parser.parse_args()
    template = f"{args.postgres_db}_seed"
    seed_template(args.postgres_url, template, max(args.count, 2000))
    url = copy_of(args.postgres_url, template, args.postgres_db)
    container = bootstrap(Settings(database_url=url, embedded_worker=False, _env_file=None))  # type: ignore[call-arg]
    if args.one_by_one:
        firing.STAGES[Stage.TIMERS] = replace(firing.STAGES[Stage.TIMERS], fire_many=None)
    with container.uow_factory(read_only=True) as uow:
        ids = list(
            uow.session.scalars(
                select(AfterSaleRequest.id).order_by(AfterSaleRequest.id).limit(args.count)
            )
        )
    statements = [0]
    event.listen(
        container.engine,
        "before_cursor_execute",
        lambda *_: statements.__setitem__(0, statements[0] + 1),
    )
    profiler = cProfile.Profile()
    started = time.perf_counter()
    if not args.no_profile:
        profiler.enable()
    fired = 0
    for start in range(0, len(ids), args.chunk_size):
        fired += fire_chunk(
            container.uow_factory, Stage.TIMERS, ids[start : start + args.chunk_size]
        ).fired
    profiler.disable()
    seconds = time.perf_counter() - started
    container.engine.dispose()
    path = "one by one" if args.one_by_one else "chunk set-based"
    print(
        f"{path}: {fired} fired in {seconds:.2f} s = {fired / seconds:.0f}/s "
        f"({'no profiler' if args.no_profile else 'under cProfile'}), "
        f"{statements[0] / max(fired, 1):.2f} statements per firing"
    )
    if not args.no_profile:
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.top)


if __name__ == "__main__":
    main()
