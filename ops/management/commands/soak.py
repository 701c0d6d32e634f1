import json
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from ops.server import GunicornServer, collect_static, manage, production_env
from ops.soak import run_soak


class Command(BaseCommand):
    help = (
        "Soak test: serve a scratch copy of the demo with gunicorn and production settings, send "
        "mixed public traffic and form posts from many connections, and print a table. Fails on "
        "any 5xx, any failed request, a form post not stored exactly once, or a worker whose "
        "memory grows more than 10% after warm-up."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=float, default=60)
        parser.add_argument("--connections", type=int, default=32)
        parser.add_argument("--workers", type=int, default=2)
        parser.add_argument(
            "--database-url",
            default="",
            help="Soak this database (it must hold the site; if no public form is open, next year is "
            "started and published in it, see soak_open_forms). By default a scratch copy of "
            "the demo is built: a temporary SQLite file, or <database>_soak next to a PostgreSQL DATABASE_URL.",
        )
        parser.add_argument(
            "--static-root",
            default="",
            help="Static files already collected with production settings (default: collect them now).",
        )

    def handle(self, *args, seconds, connections, workers, database_url, static_root, **options):
        with tempfile.TemporaryDirectory(prefix="coproweek-soak-") as work:
            work = Path(work)
            scratch_pg = None
            if not database_url:
                database_url, scratch_pg = self.scratch_database(work)
            env = production_env(database_url, work / "media", Path(static_root) if static_root else work / "static")
            try:
                is_sqlite = database_url.startswith("sqlite:")
                if scratch_pg or (is_sqlite and not Path(database_url.removeprefix("sqlite:///")).exists()):
                    self.stdout.write("Building the demo in a scratch database…")
                    manage(env, "migrate", "--noinput", "--verbosity", "0")
                    manage(env, "load_demo", "--verbosity", "0")
                if not static_root:
                    collect_static(env)
                # The public forms take posts only while a year is upcoming or running.
                form_paths = json.loads(manage(env, "soak_open_forms").stdout)
                engine = "PostgreSQL" if database_url.startswith("postgres") else "SQLite"
                log = work / "gunicorn.log"
                with GunicornServer(env, workers=workers, log_path=log) as server:
                    self.stdout.write(f"Soaking {server.base_url} for {seconds:.0f} s…")
                    report = run_soak(server, seconds, connections, engine, self.counter(env, work), form_paths)
            except RuntimeError as exc:
                raise CommandError(str(exc)) from exc
            finally:
                if scratch_pg:
                    with connection.cursor() as cursor:
                        cursor.execute(f'DROP DATABASE IF EXISTS "{scratch_pg}" WITH (FORCE)')
            self.stdout.write(report.table())
            if report.problems:
                errors = log.read_text(errors="replace")[-3000:] if log.exists() else ""
                raise CommandError(f"The soak failed.\n{errors}")

    def scratch_database(self, work: Path) -> tuple[str, str | None]:
        if connection.vendor == "postgresql":
            settings_dict = connection.settings_dict
            name = f"{settings_dict['NAME']}_soak"
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute(f'CREATE DATABASE "{name}"')
            auth = settings_dict["USER"] + (f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else "")
            host = f"{settings_dict.get('HOST') or 'localhost'}:{settings_dict.get('PORT') or 5432}"
            return f"postgres://{auth}@{host}/{name}", name
        return f"sqlite:///{work / 'soak.sqlite3'}", None

    @staticmethod
    def counter(env: dict, work: Path):
        def count_stored(accepted: dict[str, list[str]]) -> dict[str, dict[str, int]]:
            # Every form's markers counted in one process: starting Django once, not per form.
            markers_file = work / "markers.json"
            markers_file.write_text(json.dumps(accepted))
            return json.loads(manage(env, "soak_stored", str(markers_file)).stdout)

        return count_stored
