"""Wheel build hook: fetch the web app's front-end assets with npm and ship them in the wheel.

The NL Design System CSS and htmx come from the npm registry (package.json, pinned by
package-lock.json); nothing of them is committed. A wheel must serve them wherever it is
installed and whatever directory the server starts from, so the build runs `npm ci` in a
scratch directory and puts the few files the pages load under `playbook/_data/static/vendor/`,
in node_modules' own layout (playbook/web/app.py serves that folder first).

Editable installs skip this: they serve the checkout's node_modules (scripts/bootstrap).
Set PLAYBOOK_NPM=/path/to/npm to use another npm.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import (  # type: ignore[import-not-found, unused-ignore]
    BuildHookInterface,
)

VENDOR = "playbook/_data/static/vendor"
# What the pages load (templates/pages/base.html.j2), with each package's licence.
ASSETS = (
    "@utrecht/design-tokens/dist/index.css",
    "@utrecht/design-tokens/LICENSE.md",
    "@utrecht/component-library-css/dist/index.css",
    "@utrecht/component-library-css/LICENSE.md",
    "htmx.org/dist/htmx.min.js",
    "htmx.org/LICENSE",
)


class AssetsHook(BuildHookInterface):  # type: ignore[misc, type-arg, unused-ignore]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        npm = os.environ.get("PLAYBOOK_NPM") or shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm ontbreekt: de wheel bevat de stijlen en htmx uit de "
                               "npm-registry (installeer Node.js met npm, bijv. "
                               "`apt-get install -y npm`)")
        root = Path(self.root)
        self._scratch = Path(tempfile.mkdtemp(prefix="playbook-assets-"))
        for name in ("package.json", "package-lock.json"):
            shutil.copy2(root / name, self._scratch / name)
        self.app.display_info("npm ci: NL Design System-CSS en htmx ophalen voor de wheel ...")
        proc = subprocess.run(
            [npm, "ci", "--omit=dev", "--ignore-scripts", "--no-audit", "--no-fund",
             "--prefer-offline"],
            cwd=self._scratch, capture_output=True, text=True, timeout=600, check=False)
        if proc.returncode != 0:
            raise RuntimeError(f"npm ci mislukte (code {proc.returncode}):\n{proc.stdout}\n"
                               f"{proc.stderr}")
        modules = self._scratch / "node_modules"
        for asset in ASSETS:
            source = modules / asset
            if not source.is_file():
                raise RuntimeError(f"{asset} ontbreekt na npm ci: klopt package-lock.json?")
            build_data["force_include"][str(source)] = f"{VENDOR}/{asset}"
        self.app.display_info(f"{len(ASSETS)} bestanden in {VENDOR}/")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        scratch = getattr(self, "_scratch", None)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
