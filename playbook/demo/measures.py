"""Demo actions for the measures beside closure (issue 13): after the attack the mayor designates
cameratoezicht around the address, takes it and publishes it in the Gemeenteblad."""

from datetime import timedelta

from playbook.definition.events import Event
from playbook.demo.actions import action
from playbook.demo.walker import Walker
from playbook.storage.db import unit_of_work


@action(Event.camera_made_known)
def camera(w: Walker) -> None:
    from playbook.decisions import measures
    from playbook.decisions import service as decisions

    day = w.clock.date()
    fields = measures.parse_measure({
        "council_basis": "Art. 2:77 APV Rivierstad (cameratoezicht op openbare plaatsen)",
        "area": "De Havenstraat en het Havenplein, zoals aangegeven op de kaart in de bijlage",
        "start_date": day + timedelta(days=1),
        "end_date": day + timedelta(days=91),
        "facts": "Na de aanslag op Havenstraat 14-2 meldt de politie onrust en verdachte "
                 "personen in de straat.",
        "necessity": "Extra surveillance alleen geeft 's nachts geen zicht; een camera aan de "
                     "gevel van één woning dekt de straat niet.",
        "retention_days": 28,
        "evaluation_on": day + timedelta(days=60),
        "evaluation_how": "De driehoek bespreekt politiecijfers en meldingen van bewoners.",
    })
    mayor, oov = w.scenario.actor("burgemeester"), w.scenario.actor("gemeente")
    with unit_of_work(w.engine) as session:
        decision = measures.draft(session=session, reference=w.reference, kind="cameratoezicht",
                                  fields=fields, actor=mayor, now=w.clock)
        decision_id = decision.id
    with unit_of_work(w.engine) as session:
        _, taken = decisions.issue(session=session, reference=w.reference,
                                   decision_id=decision_id, actor=mayor, now=w.tick())  # type: ignore[arg-type]
        w.write(taken)
    with unit_of_work(w.engine) as session:
        _, known = decisions.make_known(session=session, reference=w.reference,
                                        decision_id=decision_id, on=w.clock.date(),  # type: ignore[arg-type]
                                        how="publicatie", actor=oov, now=w.tick())
        w.write(known)
    w.log("cameratoezicht aangewezen en gepubliceerd in het Gemeenteblad")
