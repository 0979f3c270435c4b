"""The routers of the action pages, registered in one place so app.py stays small."""

from fastapi import FastAPI


def include(app: FastAPI) -> None:
    from playbook.web import (
        attacks_pages,
        grants_pages,
        information_pages,
        objection_pages,
        persons_pages,
        users_pages,
    )

    for module in (information_pages, persons_pages, attacks_pages, objection_pages, users_pages,
                   grants_pages):
        app.include_router(module.router)
