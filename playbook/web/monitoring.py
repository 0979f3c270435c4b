"""The monitoring page, its anonymised export and the repeat-address register."""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import Response
from sqlmodel import Session

from playbook.config import USER_TZ
from playbook.definition.loader import load_from_settings
from playbook.definition.models import Playbook
from playbook.monitoring import charts, export, query
from playbook.monitoring.figures import Report
from playbook.monitoring.register import repeat_register
from playbook.storage.db import read_session
from playbook.web.app import now, page
from playbook.web.security import Principal, require

router = APIRouter(include_in_schema=False)
Year = Annotated[int | None, Query(ge=2000, le=2100)]
Scale = Annotated[str | None, Query(pattern="^(gemeente|regio)$")]


def _scope(session: Session, user: Principal, playbook: Playbook,
           scale: str | None) -> tuple[list[str], str, str]:
    """(municipality codes, label, scale). The regional role sees the region by default."""
    scale = scale or ("regio" if user.role == "regio" else "gemeente")
    if scale == "regio":
        if not user.may("monitor:region"):
            raise HTTPException(403, "U kunt alleen de cijfers van uw eigen gemeente bekijken.")
        region = playbook.municipality.region
        label = region.name if region else "alle gemeenten"
        return query.region_codes(session) or [user.municipality_code], label, scale
    if user.role == "regio":
        raise HTTPException(403, "Met de regionale rol bekijkt u de cijfers van de regio.")
    return [user.municipality_code], playbook.municipality.name, scale


def _report(request: Request, year: int | None, scale: str | None
            ) -> tuple[Report, list[str], str, Principal]:
    user = require(request, "monitor:read")
    # The user's own municipality decides the baseline and the goal; a regional role without
    # one of the configured municipalities sees the region under the default's settings.
    from playbook.definition.municipalities import municipalities

    own = user.municipality_code if municipalities().find(user.municipality_code) else None
    playbook = load_from_settings(own)
    moment = now()
    with read_session(request.app.state.engine) as session:
        codes, label, scale = _scope(session, user, playbook, scale)
        report = query.load(session, codes=codes, year=year or moment.astimezone(USER_TZ).year,
                            playbook=playbook, now=moment, scope=label)
    return report, codes, scale, user


@router.get("/monitoring")
def monitoring(request: Request, jaar: Year = None, schaal: Scale = None) -> Response:
    report, _, scale, user = _report(request, jaar, schaal)
    charts_ = {
        "maanden": charts.month_chart("grafiek-maanden", report.months,
                                      f"Aanslagen per maand in {report.year}"),
        "objecten": charts.bar_chart("grafiek-objecten", report.object_types,
                                     "Aanslagen per objecttype", "aanslagen"),
        "tijden": charts.bar_chart(
            "grafiek-tijden",
            [(d.label, d.median or 0) for d in report.durations if d.unit == "dagen"],
            "Mediane doorlooptijd in dagen vanaf het incident", "dagen"),
        "te-laat": charts.bar_chart("grafiek-te-laat", report.overdue,
                                    "Te late stappen per partner", "stappen"),
    }
    return page(request, "monitoring.html.j2", title="Monitoring", user=user, report=report,
                charts=charts_, scale=scale, may_region=user.may("monitor:region"),
                may_local=user.role != "regio")


def _download(content: bytes, media: str, name: str) -> Response:
    return Response(content, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/monitoring/export.csv")
def export_csv(request: Request, jaar: Year = None, schaal: Scale = None) -> Response:
    report, codes, scale, _ = _report(request, jaar, schaal)
    return _download(export.to_csv(report, codes), "text/csv; charset=utf-8",
                     f"monitor-{scale}-{report.year}.csv")


@router.get("/monitoring/export.ods")
def export_ods(request: Request, jaar: Year = None, schaal: Scale = None) -> Response:
    report, codes, scale, _ = _report(request, jaar, schaal)
    return _download(export.to_ods(report, codes),
                     "application/vnd.oasis.opendocument.spreadsheet",
                     f"monitor-{scale}-{report.year}.ods")


@router.get("/herhaaladressen")
def repeats(request: Request) -> Response:
    user = require(request, "repeats:read")
    moment: datetime = now()
    with read_session(request.app.state.engine) as session:
        entries = repeat_register(session, [user.municipality_code], moment)
    return page(request, "repeats.html.j2", title="Herhaaladressen", user=user, entries=entries)
