"""Job progress on the web: `/api/taken/{id}` (JSON) and `/taken/{id}/status` (an HTML
fragment that htmx polls until the job is finished). Visible to the user who requested the
job, and to admins of its municipality."""

from fastapi import APIRouter, HTTPException, Path, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session

from playbook.documents.render import render_html
from playbook.jobs.service import TaskView, get_task, view
from playbook.web.security import Principal, require

router = APIRouter(tags=["taken"])
TaskId = Path(ge=1, le=2**31 - 1, description="taaknummer")


def _visible(request: Request, user: Principal, task_id: int) -> TaskView:
    with Session(request.app.state.engine) as session:
        task = get_task(session, task_id)
        mine = task.requested_by == user.username or user.role == "admin"
        if task.municipality_code not in (None, user.municipality_code) or not mine:
            raise HTTPException(403, "Deze taak is niet van u of hoort bij een andere gemeente.")
        if task.municipality_code is None and user.role != "admin":
            raise HTTPException(403, "Alleen een beheerder ziet de dagelijkse taken.")
        return view(session, task)


@router.get("/api/taken/{task_id}", response_model=TaskView,
            responses={403: {"description": "niet uw taak"}, 404: {"description": "onbekend"}})
def task_json(request: Request, task_id: int = TaskId) -> TaskView:
    """Status en voortgang van een achtergrondtaak."""
    return _visible(request, require(request), task_id)


@router.get("/taken/{task_id}/status", response_class=HTMLResponse, include_in_schema=False)
def task_fragment(request: Request, task_id: int = TaskId) -> HTMLResponse:
    task = _visible(request, require(request), task_id)
    return HTMLResponse(render_html("pages/task_status.html.j2", {"task": task}))
