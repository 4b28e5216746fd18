"""Login timing does not reveal whether a name has an account (R16).

A statistical property, not a speed assertion: 200 logins with an existing name
and 200 with a missing one (wrong passphrase both), interleaved in random order,
and a two-sided Mann-Whitney U test on the response times must not find a
difference (p > 0.001). With the names in random order, a path with no difference
fails about once in 1,000 runs; at 0.01 it failed once in CI (the run of 753da3f: p
0.007, medians 273 and 259 ms, while the other test worker loaded the cores). A real
leak, such as skipping the key derivation for a missing name, makes one path far faster
and gives a p-value many orders of magnitude smaller, so the lower bar still catches it.
It runs with the test KDF settings (the R18 floor). The throttle table is emptied between
samples, outside the timed part, so every sample takes the full path. Needs PostgreSQL.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text
from tests.conftest import PASSPHRASE, fast_settings
from tests.web.conftest import CSRF_RE

from onward.config import Settings
from onward.services import accounts
from onward.web.app import create_app

SAMPLES = 200
ALPHA = 0.001


def mann_whitney_p(a: Sequence[float], b: Sequence[float]) -> float:
    """Two-sided p-value of the Mann-Whitney U test: the normal approximation with
    tie correction and continuity correction (as scipy's ``method="asymptotic"``)."""
    n1, n2 = len(a), len(b)
    n = n1 + n2
    pooled = sorted([(v, 0) for v in a] + [(v, 1) for v in b])
    rank_sum_a = 0.0
    tie_term = 0.0
    i = 0
    while i < n:
        j = i
        while j + 1 < n and pooled[j + 1][0] == pooled[i][0]:
            j += 1
        average = (i + j) / 2 + 1  # ranks start at 1
        rank_sum_a += average * sum(1 for k in range(i, j + 1) if pooled[k][1] == 0)
        t = j - i + 1
        tie_term += t**3 - t
        i = j + 1
    u = rank_sum_a - n1 * (n1 + 1) / 2
    mean = n1 * n2 / 2
    sigma = math.sqrt(n1 * n2 / 12 * ((n + 1) - tie_term / (n * (n - 1))))
    if sigma == 0:
        return 1.0
    z = max(abs(u - mean) - 0.5, 0) / sigma
    return math.erfc(z / math.sqrt(2))


def test_mann_whitney_matches_known_values() -> None:
    # scipy.stats.mannwhitneyu([1..5], [6..10], method="asymptotic") -> p = 0.012186
    assert mann_whitney_p([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]) == pytest.approx(0.012186, abs=1e-5)
    # With ties, scipy's asymptotic method gives p = 0.198829 for these.
    assert mann_whitney_p([1, 2, 2, 3, 4], [2, 3, 3, 5, 6]) == pytest.approx(0.198829, abs=1e-5)
    rng = random.Random(7)
    same = mann_whitney_p(
        [rng.gauss(0, 1) for _ in range(300)], [rng.gauss(0, 1) for _ in range(300)]
    )
    shifted = mann_whitney_p(
        [rng.gauss(0, 1) for _ in range(300)], [rng.gauss(0.5, 1) for _ in range(300)]
    )
    assert same > ALPHA and shifted < 1e-6


@pytest.mark.pg
@pytest.mark.slow
def test_login_time_does_not_tell_whether_a_name_exists(
    pg_roles: tuple[str, str],
    pg_url: str,
    tmp_path: Path,
    record_property: Callable[[str, object], None],
) -> None:
    owner_url, app_url = pg_roles
    settings: Settings = fast_settings(
        tmp_path / "data", app_url, hosted=True, signup="open", owner_database_url=owner_url
    )
    accounts.sign_up(settings, name="robin", passphrase=PASSPHRASE)[1].lock()
    admin = create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://", 1))
    order = ["robin"] * SAMPLES + ["nobody"] * SAMPLES
    random.Random(2026).shuffle(order)
    times: dict[str, list[float]] = {"robin": [], "nobody": []}
    started = time.perf_counter()
    try:
        with TestClient(create_app(settings), base_url="https://testserver") as client:
            match = CSRF_RE.search(client.get("/login").text)
            assert match
            token = match.group(1)
            for name in ["robin", "nobody"] * 5:  # warm up both paths first
                client.post("/login", data={"csrf": token, "name": name, "passphrase": "x" * 12})
            answers = set()
            for name in order:
                with admin.begin() as conn:
                    conn.execute(text("DELETE FROM login_throttles"))
                data = {"csrf": token, "name": name, "passphrase": "not the passphrase"}
                t0 = time.perf_counter()
                r = client.post("/login", data=data)
                times[name].append(time.perf_counter() - t0)
                answers.add((r.status_code, r.text))
    finally:
        admin.dispose()
    elapsed = time.perf_counter() - started
    assert len(answers) == 1 and next(iter(answers))[0] == 400  # same answer, always
    p = mann_whitney_p(times["robin"], times["nobody"])
    medians = {k: sorted(v)[len(v) // 2] * 1000 for k, v in times.items()}
    record_property("login_timing", f"p={p:.3f} medians_ms={medians} elapsed_s={elapsed:.1f}")
    assert p > ALPHA, (p, medians)
