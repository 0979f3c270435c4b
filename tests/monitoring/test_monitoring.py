"""The monitoring page, CLI and anonymised export over a seeded year, counted again directly
in the database; the regional role sees counts only."""

import csv
import io
import re
from datetime import datetime
from typing import Any

import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import TableCell, TableRow
from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from playbook.cases import service
from playbook.config import USER_TZ
from playbook.definition.enums import StepStatus
from playbook.definition.models import Playbook
from playbook.monitoring import export, query
from playbook.storage.tables import AttackRecord, Case
from playbook.users.service import create_user
from tests.monitoring.seed import NOW, PER_MONTH, Seeded, Uow, seed_year
from tests.web.conftest import PASSWORD, Browsers, log_in

CODE = "GM9999"


@pytest.fixture
def seeded(uow: Uow, playbook: Playbook) -> Seeded:
    return seed_year(uow, playbook)


def direct_month_counts(session: Session) -> dict[int, int]:
    counts = {}
    for month in range(1, 13):
        start = datetime(2025, month, 1, tzinfo=USER_TZ)
        end = datetime(2025 + month // 12, month % 12 + 1, 1, tzinfo=USER_TZ)
        counts[month] = session.exec(select(func.count()).select_from(AttackRecord).join(Case)
                                     .where(Case.municipality_code == CODE,
                                            col(AttackRecord.occurred_at) >= start,
                                            col(AttackRecord.occurred_at) < end)).one()
    return counts


def direct_object_counts(session: Session) -> dict[str, int]:
    start, end = datetime(2025, 1, 1, tzinfo=USER_TZ), datetime(2026, 1, 1, tzinfo=USER_TZ)
    rows = session.exec(select(Case.object_type, func.count()).select_from(AttackRecord)
                        .join(Case).where(col(AttackRecord.occurred_at) >= start,
                                          col(AttackRecord.occurred_at) < end)
                        .group_by(Case.object_type))
    return dict(rows.all())


def direct_repeat_addresses(session: Session) -> int:
    """Addresses attacked in 2025 with two or more attacks up to the end of 2025."""
    end = datetime(2026, 1, 1, tzinfo=USER_TZ)
    start = datetime(2025, 1, 1, tzinfo=USER_TZ)
    address = (col(Case.postcode), col(Case.house_number), col(Case.house_suffix))
    rows = session.exec(select(*address, func.count(), func.max(AttackRecord.occurred_at))  # type: ignore[call-overload]
                        .select_from(AttackRecord).join(Case)
                        .where(col(AttackRecord.occurred_at) < end).group_by(*address))
    return sum(1 for *_, n, last in rows if n >= 2 and last >= start)


def test_figures_match_a_direct_count(uow: Uow, playbook: Playbook, seeded: Seeded) -> None:
    with uow() as s:
        report = query.load(s, codes=[CODE], year=2025, playbook=playbook, now=NOW,
                            scope="Rivierstad")
        direct = direct_month_counts(s)
        assert {m.month: m.count for m in report.months} == direct
        # The seeded plan plus the two repeats (May and July).
        assert direct == {m: n + (m in (5, 7)) for m, n in PER_MONTH.items()}
        objects = direct_object_counts(s)
        assert {k: n for k, n in report.object_types if n} == objects
        assert report.repeat_addresses == direct_repeat_addresses(s) == 2
    baseline = playbook.municipality.monitoring.baseline
    assert baseline is not None and report.baseline_total == sum(baseline.months.values())
    assert report.goal_total == pytest.approx(sum(baseline.months.values()) * 0.9, abs=0.05)
    assert report.closures == 1 and report.closure_planned_median == 30
    shn, decided, known, lifted = report.durations
    assert (shn.cases, shn.median) == (2, 12.5)
    assert (decided.median, known.median, lifted.median) == (0, 1, 31)


def test_monitoring_page_shows_svg_charts_each_with_its_table(
        seeded: Seeded, browsers: Browsers, uow: Uow) -> None:
    page = browsers["oov"].get("/monitoring?jaar=2025")
    assert page.status_code == 200, page.text[:300]
    html = page.text
    charts = re.findall(r'<figure tabindex="0" aria-label="Grafiek: [^"]+">(<svg.*?</svg>)</figure>'
                        r'\s*<div class="table-wrap" tabindex="0" role="region" aria-label="Tabel: '
                        r'[^"]+"><table', html, re.S)
    assert len(charts) == 4, "elke grafiek heeft zijn tabel ernaast"
    for svg in charts:
        assert 'role="img"' in svg and "<title id=" in svg and "<desc id=" in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg)[1].split()  # type: ignore[index]
        assert all(f'id="{i}"' in svg for i in ids)
    with uow() as s:
        direct = direct_month_counts(s)
    for month, name in ((1, "januari"), (4, "april"), (7, "juli")):
        cell = re.search(rf'<th scope="row" class="utrecht-table__cell">{name}</th>\s*'
                         rf'<td class="utrecht-table__cell num">(\d+)</td>', html)
        assert cell and int(cell[1]) == direct[month]
    assert "Herhaaladressen<strong>2</strong>" in html
    # The goal's figure is a number alone (a word beside it broke mid-word on a phone), and
    # the months are abbreviated as Dutch does ("mrt", not "maa").
    assert re.search(r"hoogstens<strong>\d+(,\d)?</strong>", html)
    labels = re.findall(r'text-anchor="middle" font-size="14" fill="#333">([a-z]+)</text>', charts[0])
    assert labels == ["jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov",
                      "dec"], labels
    assert "Bron referentiecijfers: Politie basisteam Rivierstad" in html
    # Decimals as a Dutch reader writes them: "12,5 uur" (a point reads as thousands).
    assert "12,5 uur" in html
    assert not re.search(r"\d\.\d", re.sub(r"<[^>]+>", " ", html.split("<main", 1)[1])), \
        re.findall(r".{30}\d\.\d.{10}", html)[:3]


def _cells_of_ods(content: bytes) -> list[list[str]]:
    doc = load(io.BytesIO(content))
    return [[teletype.extractText(c) for c in row.getElementsByType(TableCell)]
            for row in doc.spreadsheet.getElementsByType(TableRow)]


def _assert_anonymous(rows: list[list[str]], seeded: Seeded) -> None:
    text = "\n".join(";".join(r) for r in rows)
    for secret in [*seeded.references, *seeded.streets, *seeded.postcodes, *seeded.names,
                   "Rivierstad", "Nummer", "Achternaam"]:
        assert secret not in text, f"'{secret}' staat in de export"
    for section, _label, value in rows[3:]:
        assert value == "<5" or int(value) >= export.SMALL, (section, value)


def test_export_holds_counts_only_and_hides_small_numbers(
        seeded: Seeded, browsers: Browsers, uow: Uow) -> None:
    oov = browsers["oov"]
    as_csv = oov.get("/monitoring/export.csv?jaar=2025")
    assert as_csv.status_code == 200 and "attachment" in as_csv.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(as_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == list(export.HEADER)
    _assert_anonymous(rows, seeded)
    as_dict = {(r[0], r[1]): r[2] for r in rows[1:]}
    with uow() as s:
        direct = direct_month_counts(s)
    assert as_dict[("aanslagen per maand", "2025-04")] == str(direct[4]) == "6"
    assert as_dict[("aanslagen per maand", "2025-01")] == "<5"
    assert as_dict[("aanslagen", "totaal")] == str(sum(direct.values()))

    as_ods = oov.get("/monitoring/export.ods?jaar=2025")
    assert as_ods.status_code == 200
    assert as_ods.headers["content-type"] == "application/vnd.oasis.opendocument.spreadsheet"
    ods_rows = _cells_of_ods(as_ods.content)
    assert ods_rows == rows
    _assert_anonymous(ods_rows, seeded)


def test_regional_role_sees_the_region_and_no_case(
        seeded: Seeded, app: Any, uow: Uow, browsers: Browsers) -> None:
    with uow() as s:
        create_user(session=s, username="regio.rita", full_name="Rita Regio", role="regio",
                    password=PASSWORD, municipality_code=CODE, actor="beheer", now=NOW)
    regio = log_in(app, "regio.rita")
    assert regio.get("/").headers["location"] == "/monitoring"
    page = regio.get("/monitoring?jaar=2025")
    assert page.status_code == 200 and "Regio Rivierland" in page.text
    for url in ("/zaken", "/herhaaladressen", f"/zaken/{seeded.references[0]}",
                "/monitoring?schaal=gemeente"):
        assert regio.get(url).status_code == 403, url
    assert browsers["oov"].get("/monitoring?schaal=regio").status_code == 403
    assert browsers["politie"].get("/monitoring").status_code == 403


def test_repeat_address_register_lists_addresses_with_two_attacks(
        seeded: Seeded, browsers: Browsers, uow: Uow, playbook: Playbook) -> None:
    camera = next(s for p in playbook.ordered_phases for s in p.steps
                  if s.id in playbook.municipality.monitoring.measure_steps
                  and "151c" in (s.legal_basis or "") and p.id != playbook.ordered_phases[0].id)
    with uow() as s:
        old_case = s.exec(select(Case).where(Case.street == "Oudeweg")).one()
        old, old_round = old_case.reference, old_case.round
        service.set_step(session=s, reference=old, step_id=camera.id, status=StepStatus.done,
                         actor="oov", now=NOW)
    page = browsers["oov"].get("/herhaaladressen")
    assert page.status_code == 200
    sections = re.findall(r'<h2 class="utrecht-heading-2" id="adres-\d+">([^<]+)</h2>', page.text)
    assert sorted(sections) == ["Oudeweg 50, 9040 XO Rivierstad",
                                "Straat0laan 10, 9000 XA Rivierstad"]
    assert "2 aanslagen" in page.text
    # In the round it was done in (the second attack at this door started round 2).
    assert old_round == 2
    assert re.search(rf"<td[^>]*>{camera.title}</td><td[^>]*>gedaan</td><td[^>]*>{old}, ronde 2"
                     rf"</td>", page.text), page.text


def test_cli_monitor_and_export(seeded: Seeded, engine: Engine, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os

    from tests.e2e.test_cli import run_playbook

    env = {**os.environ, "PLAYBOOK_DATABASE_URL": engine.url.render_as_string(hide_password=False)}
    shown = run_playbook("monitor", "--jaar", "2025", env=env)
    assert shown.returncode == 0, shown.stderr
    assert re.search(r"^april\s+6\s+1\s+0,9$", shown.stdout, re.M), shown.stdout  # Dutch decimals
    assert "Herhaaladressen: 2" in shown.stdout
    target = tmp_path / "monitor.ods"
    written = run_playbook("monitor", "--jaar", "2025", "--export", str(target), env=env)
    assert written.returncode == 0, written.stderr
    assert ["aanslagen per maand", "2025-04", "6"] in _cells_of_ods(target.read_bytes())
    listed = run_playbook("herhaaladressen", env=env)
    assert listed.returncode == 0 and "Oudeweg 50, 9040 XO Rivierstad: 2 aanslagen" in listed.stdout


def test_a_measure_left_open_in_a_phase_the_case_has_left_reads_as_not_done(
        uow: Uow, playbook: Playbook) -> None:
    """Open means work still to do, in the phase the case is in. A measure nobody took before
    the case moved on is "niet gedaan" in the monitoring and the repeat register."""
    from datetime import timedelta

    from playbook.cases.intake import parse_intake
    from playbook.cases.overview import overview
    from playbook.cases.repository import get_case
    from tests.integration.helpers import intake_data

    moment = NOW - timedelta(days=30)
    data = intake_data(occurred_at=(moment - timedelta(hours=1)).astimezone(USER_TZ)
                       .strftime("%Y-%m-%d %H:%M"))
    with uow() as s:
        reference = service.create_case(session=s, intake=parse_intake(data, moment),
                                        playbook=playbook, actor="oov", now=moment)[0].reference

    def to_next_phase() -> None:  # doing only what blocks the phase
        nonlocal moment
        with uow() as s:
            for item in overview(s, get_case(s, reference), moment).blockers:
                moment += timedelta(minutes=5)
                service.set_step(session=s, reference=reference, step_id=item.step.id,
                                 status=StepStatus.done, actor="oov", now=moment)
        with uow() as s:
            service.advance(session=s, reference=reference, actor="oov", now=moment)

    def statuses() -> dict[str, str]:
        with uow() as s:
            rows = query.measures(s, [get_case(s, reference)], moment)
        return {row.title: row.status for row in rows}

    to_next_phase()  # incident -> eerste nazorg, where measures wait
    wanted = set(playbook.municipality.monitoring.measure_steps)
    with uow() as s:
        phase = get_case(s, reference).phase
    here = {s.title for s in playbook.phase(phase).steps if s.id in wanted}
    pending = {t: v for t, v in statuses().items() if t in here}
    assert pending and set(pending.values()) == {"open"}, pending
    to_next_phase()
    after = statuses()
    assert {after[t] for t in pending} == {"niet gedaan"}, after
