"""The app's styles and scripts are found wherever the server is started from."""

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from playbook.config import Settings
from playbook.web.app import create_app


def test_styles_load_when_the_server_starts_outside_the_checkout(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no node_modules here
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'x.db'}", development=True)
    client = TestClient(create_app(settings=settings))
    for path in ("/static/utrecht/design-tokens/dist/index.css",
                 "/static/utrecht/component-library-css/dist/index.css", "/static/app/app.css"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "text/css" in response.headers["content-type"]
