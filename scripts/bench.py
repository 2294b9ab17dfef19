"""Measure public pages against a trivial view, on PostgreSQL with the large catalogue.

Loads the large catalogue into a fresh database, serves the app with gunicorn (production
settings, DEBUG off), and drives each page with wrk at 8 connections. Absolute numbers depend
on the (shared, noisy) machine, so each page is reported as a ratio of the trivial view's
throughput, measured by the same server in the same run, in interleaved rounds.
"""

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
LUA = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def run(*args: str, env: dict) -> None:
    subprocess.run(args, cwd=ROOT, env=env, check=True)


def django_shell(code: str, env: dict) -> str:
    """Run code in `manage.py shell` and return the last line it printed."""
    result = subprocess.run(
        [PY, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip().splitlines()[-1]


def recreate_database(url: str) -> None:
    import psycopg

    name = urlparse(url).path.lstrip("/")
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 (loopback only)
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"server did not answer at {url}")


def measure(url: str, seconds: int, connections: int, script: str) -> dict:
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "5s", "-s", script, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def load_catalogue(env: dict, per_municipality: int) -> None:
    print(
        f"Loading the catalogue ({per_municipality} per municipality) into PostgreSQL …", flush=True
    )
    recreate_database(env["DATABASE_URL"])
    # First: with DEBUG=0 every command's checks refuse to run without the collected files
    # (portal.E001), as a production server should.
    run(PY, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    run(PY, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PY, "manage.py", "createcachetable", env=env)
    run(PY, "manage.py", "load_reference_data", "-v0", env=env)
    run(PY, "manage.py", "load_demo_catalogue", "-v0", env=env)
    run(
        PY,
        "manage.py",
        "generate_catalogue",
        "-v0",
        f"--per-municipality={per_municipality}",
        env=env,
    )
    # Fresh statistics and tidy indexes, as autovacuum gives a production database after a
    # bulk load.
    run(PY, "manage.py", "dbshell", "--", "-c", "VACUUM ANALYZE", env=env)


def measure_pages(env: dict, pages: dict, args, cache_on: bool) -> dict:
    """Serve with gunicorn (page cache on or off) and measure every page in rounds."""
    env = {**env, "PUBLIC_PAGE_CACHE_SECONDS": "600" if cache_on else "0"}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            PY,
            "-m",
            "gunicorn",
            "portal.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--access-logfile",
            "-",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
    )
    try:
        wait_until_up(base + pages["trivial"])
        for name, path in pages.items():  # every page must answer 200 before it is measured
            status = urllib.request.urlopen(base + path, timeout=30).status  # noqa: S310
            if status != 200:
                raise SystemExit(f"{name} answered {status}")
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(LUA)
        samples: dict[str, list[dict]] = {name: [] for name in pages}
        for round_number in range(args.rounds):
            print(
                f"  {'warm' if cache_on else 'cold'} round {round_number + 1}/{args.rounds}",
                flush=True,
            )
            for name, path in pages.items():
                result = measure(base + path, args.seconds, args.connections, lua.name)
                if result["errors"]:
                    raise SystemExit(f"{name}: {result['errors']} errors during the run")
                samples[name].append(result)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    summary = {}
    for name, runs in samples.items():
        summary[name] = {
            "rps": round(statistics.median(r["rps"] for r in runs), 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in runs), 2),
            "p95_ms": round(statistics.median(r["p95_ms"] for r in runs), 2),
        }
    trivial_rps = summary["trivial"]["rps"]
    for figures in summary.values():
        figures["ratio"] = round(figures["rps"] / trivial_rps, 3)
    return summary


def start_redis() -> tuple[subprocess.Popen, str]:
    """A Redis of our own, as production runs one for the shared cache (REDIS_URL)."""
    server = shutil.which("redis-server")
    if server is None:
        raise SystemExit("redis-server is missing: apt-get install redis-server (or --no-redis)")
    port = free_port()
    process = subprocess.Popen(
        [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return process, f"redis://127.0.0.1:{port}/0"


def pages_for(env: dict) -> dict:
    offer_path = django_shell(
        "from directory.models import Offer; "
        "print(Offer.objects.get(name='Logeerhuis De Linde').get_absolute_url())",
        env=env,
    )
    return {
        "trivial": "/_bench/ok/",
        "home": "/",
        "municipality": "/gemeenten/assen/",
        "search": "/zoeken/?q=logeren",
        "offer": offer_path,
        # Issue 12: coverage of one municipality, and all 342 × 8 need areas in one page.
        "insight-municipality": "/inzicht/assen/",
        "insight-nederland": "/inzicht/provincie/nederland/",
        # Issue 14: the open-data API, 100 services per page (goal ≥ 0.2 cold).
        "hsds-services": "/api/hsds/services?per_page=100",
    }


def print_table(title: str, warm: dict, cold: dict) -> None:
    print(f"\n{title}\n")
    print(
        f"{'page':<22}{'warm ratio':>11}{'warm p95':>10}{'cold ratio':>11}{'cold p95':>10}"
        f"{'cold req/s':>11}"
    )
    for name in warm:
        w, c = warm[name], cold[name]
        print(
            f"{name:<22}{w['ratio']:>11.3f}{w['p95_ms']:>10.2f}{c['ratio']:>11.3f}"
            f"{c['p95_ms']:>10.2f}{c['rps']:>11.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--per-municipality", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded database")
    parser.add_argument(
        "--no-redis",
        action="store_true",
        help="the embedded defaults (database cache) instead of Redis, as with `make run`",
    )
    parser.add_argument(
        "--scale",
        action="store_true",
        help="the curve: 50, 250 and 500 offers per municipality (about 17k, 85k, 170k)",
    )
    args = parser.parse_args()

    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install wrk")

    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",  # plain http on loopback
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1:8000",
        "DJANGO_SETTINGS_MODULE": "portal.bench_settings",
        "LOG_LEVEL": "WARNING",
        # wrk is one client: the open-data API's per-client limit would answer 429.
        "HSDS_RATE": "100000000/m",
    }
    redis = None
    if not args.no_redis:  # production's shared cache: page cache, fragments, catalogue version
        redis, env["REDIS_URL"] = start_redis()
    try:
        sizes = [50, 250, 500] if args.scale else [args.per_municipality]
        results = {}
        for per_municipality in sizes:
            if not args.skip_load or args.scale:
                load_catalogue(env, per_municipality)
            count = int(
                django_shell(
                    "from directory.models import Offer; print(Offer.objects.count())", env=env
                )
            )
            pages = pages_for(env)
            warm = measure_pages(env, pages, args, cache_on=True)
            cold = measure_pages(env, pages, args, cache_on=False)
            print_table(
                f"{count} offers · {args.connections} connections · gunicorn {args.workers} workers"
                f" · median of {args.rounds} rounds of {args.seconds}s · ratio to the trivial view",
                warm,
                cold,
            )
            results[str(count)] = {"warm": warm, "cold": cold}
    finally:
        if redis is not None:
            redis.terminate()
            redis.wait(timeout=5)
    output = {
        "settings": {
            "cache": "database + per-process memory" if args.no_redis else "redis",
            "connections": args.connections,
            "workers": args.workers,
            "rounds": args.rounds,
            "seconds": args.seconds,
        },
        "results": results,
    }
    if args.scale:
        first = results[min(results, key=int)]["cold"]
        output["cold_p95_growth"] = {
            name: {
                count: round(r["cold"][name]["p95_ms"] / first[name]["p95_ms"], 2)
                for count, r in results.items()
            }
            for name in ("municipality", "search")
        }
        print("\nCold p95 against the smallest catalogue:", output["cold_p95_growth"])
    (ROOT / "bench-results.json").write_text(json.dumps(output, indent=2) + "\n")
    print("\nWritten to bench-results.json")


if __name__ == "__main__":
    main()
