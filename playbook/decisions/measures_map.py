"""The map of a gebiedsverbod or cameratoezicht: the image its letter prints as bijlage.

Art. 172a lid 1 Gemeentewet lets the mayor forbid a person "een of meer bepaalde delen van de
gemeente"; the addressee must be able to see which. The letter describes the area and refers to
a map, so the map goes with it. It is part of the decision: added or replaced while the decision
is a draft or voornemen, fixed once taken.
"""

import base64
import hashlib
import io
from datetime import datetime

from sqlmodel import Session

from playbook.cases.audit import record
from playbook.decisions import common
from playbook.decisions.lifecycle import Kind
from playbook.decisions.measures_store import EDITABLE
from playbook.errors import InvalidInput, NotAllowed
from playbook.storage.tables import Decision
from playbook.storage.tables_measures import MeasureMap
from playbook.storage.types import id_of

MAX_BYTES = 5 * 1024 * 1024
MIN_SIDE, MAX_SIDE = 300, 8000  # pixels: readable on A4, and no decompression bomb
# The formats a letter embeds as they are (PDF/A allows both), recognised by their first bytes.
SIGNATURES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
KINDS_WITH_MAP = (Kind.area_ban, Kind.camera)


def _media_type(content: bytes) -> str:
    found = next((kind for magic, kind in SIGNATURES.items() if content.startswith(magic)), None)
    if found is None:
        raise InvalidInput(["kaart: alleen een afbeelding in PNG of JPEG (een foto of schermafdruk "
                            "van de kaart)"])
    return found


def _check_image(content: bytes) -> None:
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(content)) as image:
            width, height = image.size
            if not (min(width, height) >= MIN_SIDE and max(width, height) <= MAX_SIDE):
                raise InvalidInput([
                    f"kaart: {width} bij {height} beeldpunten; de kortste zijde moet minstens "
                    f"{MIN_SIDE} en de langste hoogstens {MAX_SIDE} zijn, om leesbaar te zijn"])
            image.verify()  # truncated or corrupt data fails here, before a letter prints it
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError):
        raise InvalidInput(["kaart: het bestand is geen leesbare afbeelding"]) from None


def attach_map(*, session: Session, reference: str, decision_id: int, content: bytes,
               filename: str, actor: str, now: datetime) -> MeasureMap:
    """Add or replace the map of a measure still in draft; audited with its fingerprint."""
    case, decision = common.load(session, reference, decision_id)
    if decision.kind not in KINDS_WITH_MAP:
        raise NotAllowed("Alleen een gebiedsverbod of cameratoezicht heeft een kaart.")
    if decision.status not in EDITABLE:
        raise NotAllowed("De kaart hoort bij het besluit; na het nemen kan zij niet meer "
                         "veranderen. Maak een nieuw besluit.")
    if not content:
        raise InvalidInput(["kaart: kies een bestand"])
    if len(content) > MAX_BYTES:
        raise InvalidInput([f"kaart: het bestand is {len(content) // 1024} kB; hoogstens "
                            f"{MAX_BYTES // (1024 * 1024)} MB"])
    media_type = _media_type(content)
    _check_image(content)
    name = (filename or "kaart").replace("\\", "/").rsplit("/", 1)[-1][:120] or "kaart"
    digest = hashlib.sha256(content).hexdigest()
    row = session.get(MeasureMap, decision.id)
    old = row.filename if row else None
    if row is None:
        row = MeasureMap(decision_id=id_of(decision), filename=name, media_type=media_type,
                         sha256=digest, content=content, added_by=actor, added_at=now)
    else:
        row.filename, row.media_type, row.sha256, row.content = name, media_type, digest, content
        row.added_by, row.added_at = actor, now
    session.add(row)
    record(session, case, actor=actor, action="kaart-toegevoegd", at=now,
           subject=f"besluit {decision.id}", old=old, new=name,
           details={"sha256": digest, "bytes": len(content), "soort": media_type})
    decision.updated_at = now
    session.flush()
    return row


def map_of(session: Session, decision: Decision) -> MeasureMap | None:
    return session.get(MeasureMap, decision.id)


def data_uri(row: MeasureMap) -> str:
    """The image inline, so the letter is one self-contained PDF (no file on disk to lose)."""
    return f"data:{row.media_type};base64,{base64.b64encode(row.content).decode('ascii')}"


def copy_map(session: Session, source: Decision, target: Decision, actor: str,
             now: datetime) -> None:
    """An extension keeps the area of the ban it extends, and so its map."""
    row = map_of(session, source)
    if row is not None:
        session.add(MeasureMap(decision_id=id_of(target), filename=row.filename,
                               media_type=row.media_type, sha256=row.sha256,
                               content=row.content, added_by=actor, added_at=now))
