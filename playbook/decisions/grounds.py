"""Legal grounds and the fixed legal texts a decision letter needs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Ground:
    code: str
    article: str
    summary: str
    object_types: tuple[str, ...]


GROUNDS = {
    g.code: g
    for g in (
        Ground("174a-1-a", "art. 174a lid 1 onder a Gemeentewet",
               "door gedragingen in de woning wordt de openbare orde rond de woning verstoord",
               ("woning",)),
        Ground("174a-1-b", "art. 174a lid 1 onder b Gemeentewet",
               "bij de woning heeft zich ernstig geweld voorgedaan of dreigt zich voor te doen, "
               "of is ernstige vrees daarvoor, waardoor de openbare orde rond de woning ernstig "
               "is verstoord", ("woning",)),
        Ground("174a-1-c", "art. 174a lid 1 onder c Gemeentewet",
               "in de woning is een wapen of munitie aangetroffen als bedoeld in art. 2 Wet "
               "wapens en munitie", ("woning",)),
        Ground("174", "art. 174 Gemeentewet en de Algemene plaatselijke verordening",
               "het publiek toegankelijke pand is gesloten in het belang van de openbare orde",
               ("bedrijfspand",)),
    )
}

KIND_TITLES = {"sluiting": "Sluitingsbesluit", "verlenging": "Verlengingsbesluit",
               "opheffing": "Opheffingsbesluit"}
HEARING_RULE = "art. 4:8 Awb"
URGENCY_RULE = "art. 4:11 onder a Awb"
