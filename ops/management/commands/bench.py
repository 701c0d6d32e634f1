import datetime
import json
import os
import platform
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ops import bare_wagtail
from ops.bench import BenchReport, Row, evaluate, measure_server, measure_sizes, static_css_path, wrk_path
from ops.server import GunicornServer, collect_static, manage, production_env
from ops.worker_memory import WorkerMemory, fill_and_measure, workers_mib


class Command(BaseCommand):
    help = (
        "Benchmark (make bench): gunicorn with production settings on the scale data; wrk measures "
        "requests/s, p50 and p99 of the public pages cached and uncached and of a static CSS file, "
        "and the table (ratios to the static file, SQL queries, sizes) is printed and written as JSON "
        "to bench-results/. --short: a quick run that only shows it works and nothing errors."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--short",
            action="store_true",
            help="Every line at once for 1 s, one connection each: shows it works, measures nothing.",
        )
        parser.add_argument("--seconds", type=int, default=12, help="Per line, all its rounds together.")
        parser.add_argument(
            "--rounds", type=int, default=3, help="Each line is the median of this many interleaved rounds."
        )
        parser.add_argument("--connections", type=int, default=16)
        parser.add_argument("--threads", type=int, default=2)
        parser.add_argument(
            "--database-url",
            default="",
            help="Benchmark this database as it is. By default bench-results/bench.sqlite3 (or "
            "BENCH_DATABASE_URL) is used, and the demo and the scale data are built in it if missing.",
        )
        parser.add_argument("--media-root", default="", help="Media of that database (default bench-results/media).")
        parser.add_argument(
            "--static-root", default="", help="Static files already collected with production settings."
        )
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "bench-results"))
        parser.add_argument(
            "--bare-wagtail",
            dest="bare_wagtail_folder",
            default="",
            help="Where the new Wagtail site measured beside this one is kept (default: OUT/bare-wagtail); "
            "made there the first time and after an upgrade of Wagtail, used as it is otherwise.",
        )

    def handle(
        self,
        *args,
        short,
        seconds,
        rounds,
        connections,
        threads,
        database_url,
        media_root,
        static_root,
        out,
        bare_wagtail_folder,
        **opts,
    ):
        try:
            wrk_path()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if short:
            seconds, rounds, connections, threads = 1, 1, 1, 1
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        build_data = not database_url
        database_url = database_url or os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{out / 'bench.sqlite3'}"
        env = production_env(
            database_url,
            Path(media_root) if media_root else out / "media",
            Path(static_root) if static_root else out / "static",
        )
        try:
            if build_data:
                self.prepare(env)
            if not static_root:
                collect_static(env)
            pages = json.loads(manage(env, "bench_pages").stdout)
            rows = [Row(name=p["name"], path=p["path"], queries=p["queries"]) for p in pages]
            with GunicornServer(env, workers=2, log_path=out / "gunicorn.log") as server:
                memory = WorkerMemory(started=workers_mib(server))
                static = Row(name="static CSS (whitenoise)", path=static_css_path(server.base_url))
                measure_sizes(server, [*rows, static])
                self.stdout.write(f"Measuring {len(rows)} pages, cached, for {seconds:g} s each…")
                # The static file in the same rounds as the pages it is compared with.
                measure_server(server, [*rows, static], seconds, connections, threads, "cached", rounds, short)
                memory.after_timed_runs = workers_mib(server)
                self.stdout.write("Visiting every page in the sitemap once, for the workers' memory…")
                fill_and_measure(server, memory)
            self.stdout.write("…and uncached (a server with the page cache off), beside a new Wagtail site.")
            floor = Row(name="new Wagtail site's home", path=bare_wagtail.ADDRESS)
            with (
                GunicornServer({**env, "PAGE_CACHE_ENABLED": "false"}, workers=2, log_path=out / "gunicorn.log") as s,
                self.bare_wagtail(Path(bare_wagtail_folder or out / "bare-wagtail"), out) as bare,
            ):
                floor.base_url = bare.base_url
                measure_sizes(s, [floor])
                # In the same rounds as the pages, so the floor sees the same machine.
                measure_server(s, [*rows, floor], seconds, connections, threads, "uncached", rounds, short)
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
        redis = "Redis cache" if env.get("REDIS_URL") or env.get("CACHE_URL") else "per-process memory cache"
        report = BenchReport(
            rows=rows,
            static=static,
            machine=f"{platform.node() or 'this machine'}, {os.cpu_count()} CPUs, {platform.platform(terse=True)}",
            database=f"{engine}, {redis}",
            seconds=seconds,
            rounds=rounds,
            connections=connections,
            threads=threads,
            together=short,
            date=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            floor=floor,
            memory=memory,
        )
        report.targets = evaluate(rows, static, floor)
        name = "bench-short" if short else "bench"
        (out / f"{name}.json").write_text(report.as_json())
        (out / f"{name}.txt").write_text(report.table() + "\n")
        self.stdout.write(report.table())
        self.stdout.write(f"Written to {out / (name + '.json')}")
        if report.errors:
            raise CommandError(f"{report.errors} responses were errors (see {out / 'gunicorn.log'}).")

    def bare_wagtail(self, folder: Path, out: Path) -> GunicornServer:
        """A new Wagtail site served as this one is (ops/bare_wagtail.py), built once in
        `folder`; its server's log goes to `out`."""
        if not bare_wagtail.is_built(folder):
            self.stdout.write("Making a new Wagtail site to measure beside this one (once)…")
        env = bare_wagtail.build(folder)
        return GunicornServer(
            env,
            workers=2,
            log_path=out / "gunicorn-bare-wagtail.log",
            app=f"{bare_wagtail.PACKAGE}.wsgi:application",
            cwd=folder,
            probe_path=bare_wagtail.ADDRESS,
        )

    def prepare(self, env: dict) -> None:
        """The demo and the full scale data, built once in the bench database."""
        manage(env, "migrate", "--noinput", "--verbosity", "0")
        manage(env, "load_demo", "--verbosity", "0")
        try:
            self.stdout.write("Building the scale data if it is missing (once; a few minutes)…")
            manage(env, "generate_scale_data", timeout=3600)
        except RuntimeError as exc:
            if "already exist" not in str(exc):
                raise
            self.stdout.write("Scale data already there.")
            return
        self.stdout.write("Indexing it for search…")
        manage(env, "update_index", "--verbosity", "0", timeout=3600)
        if env["DATABASE_URL"].startswith("postgres"):
            # Thousands of rows were just loaded, and update_index rewrote every search
            # entry, leaving nearly three dead rows for each live one: vacuum them and give the
            # planner their statistics now, as autovacuum would soon on a real server (it
            # may be off on a test one). Left bloated, a search for a common word read
            # the whole entry table: its count took 20 ms instead of 4.
            manage(
                env,
                "shell",
                "--command",
                "from django.db import connection; connection.cursor().execute('VACUUM ANALYZE')",
            )
