"""End to end: cameratoezicht through the real `playbook` command, the way team OOV works it
after an attack: draft, refused with its reason, fixed, taken, published, terms, bezwaar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from tests.e2e.test_cli import Cli, cli, new_case, pdf_text  # noqa: F401


def _day(days: int) -> str:
    """A day from today, Dutch time, worked out when the test runs (not at import: a run that
    crosses midnight would otherwise publish before the decision was taken)."""
    return (datetime.now(ZoneInfo("Europe/Amsterdam")).date() + timedelta(days=days)).isoformat()


def test_camera_through_the_command_line(cli: Cli) -> None:  # noqa: F811
    reference = new_case(cli)
    created = cli(
        "maatregel",
        "nieuw",
        "cameratoezicht",
        reference,
        "--machtiging-raad",
        "Art. 2:77 APV Rotterdam (cameratoezicht op openbare plaatsen)",
        "--gebied",
        "De Kade tussen nummer 1 en 40 en het plein ervoor",
        "--ingang",
        _day(2),
        "--einde",
        _day(60),
        "--feiten",
        "Sinds de aanslag meldt de politie herhaalde intimidatie op de Kade.",
        "--noodzaak",
        "Extra surveillance hielp niet; alleen camera's geven zicht in de nacht.",
        "--bewaartermijn",
        "35",
        "--evaluatie-datum",
        _day(45),
        "--evaluatie-wijze",
        "De driehoek bespreekt de politiecijfers en meldingen van bewoners.",
    )
    decision = created.stdout.split("besluit ")[1].split(")")[0]
    refused = cli("maatregel", "controleer", reference, decision, expect=1)
    assert "35 dagen mag niet" in refused.stdout and "151c lid 6" in refused.stdout
    message = cli.fails("besluit", "neem", reference, decision)
    assert "bewaartermijn" in message
    cli("maatregel", "wijzig", reference, decision, "--bewaartermijn", "28")
    assert "compleet" in cli("maatregel", "controleer", reference, decision).stdout
    assert "algemene strekking" in cli.fails("besluit", "voornemen", reference, decision)
    cli("besluit", "neem", reference, decision)
    assert "publicatie" in cli.fails(
        "besluit", "bekendmaking", reference, decision, "--datum", _day(0), "--wijze", "toezending"
    )
    cli("besluit", "bekendmaking", reference, decision, "--datum", _day(0), "--wijze", "publicatie")
    terms = cli("maatregel", "termijnen", reference, decision).stdout
    assert f"Einde cameratoezicht: {_day(60)}" in terms
    assert f"Evaluatie cameratoezicht: {_day(45)}" in terms and "Bezwaartermijn: " in terms
    cli(
        "bezwaar",
        "nieuw",
        reference,
        "--besluit",
        decision,
        "--indiener",
        "Bewonersvereniging De Kade",
        "--ontvangen",
        _day(0),
    )
    [letter] = sorted(cli.output.glob("*cameratoezicht*.pdf"))[-1:]
    text = pdf_text(letter)
    assert "Aanwijzingsbesluit cameratoezicht" in text and "28 dagen" in text


def test_cameratoezicht_withdrawn_early_through_the_command_line(cli: Cli) -> None:  # noqa: F811
    reference = new_case(cli)
    created = cli(
        "maatregel", "nieuw", "cameratoezicht", reference,
        "--machtiging-raad", "Art. 2:77 APV Rotterdam (cameratoezicht op openbare plaatsen)",
        "--gebied", "De Kade tussen nummer 1 en 40 en het plein ervoor",
        "--ingang", _day(1), "--einde", _day(60),
        "--feiten", "Sinds de aanslag meldt de politie herhaalde intimidatie op de Kade.",
        "--noodzaak", "Extra surveillance hielp niet; alleen camera's geven zicht in de nacht.",
        "--bewaartermijn", "28", "--evaluatie-datum", _day(45),
        "--evaluatie-wijze", "De driehoek bespreekt de politiecijfers en meldingen van bewoners.",
    )  # fmt: skip
    camera = created.stdout.split("besluit ")[1].split(")")[0]
    cli("besluit", "neem", reference, camera)
    cli("besluit", "bekendmaking", reference, camera, "--datum", _day(0), "--wijze", "publicatie")

    late = cli.fails("maatregel", "ophef", reference, camera, "--reden", "Rustig sinds weken, "
                     "de politie ziet geen dreiging meer.", "--ingang", _day(61))
    assert "ingang opheffing: moet liggen tussen de ingang" in late and "besluit" not in late
    assert "reden van opheffing" in cli.fails("maatregel", "ophef", reference, camera,
                                              "--reden", " ")
    made = cli("maatregel", "ophef", reference, camera, "--reden", "Rustig sinds weken; de "
               "politie ziet geen dreiging meer op de Kade.", "--ingang", _day(30))
    lifting = made.stdout.split("besluit ")[1].split(")")[0]
    assert "geen voornemen" in cli.fails("besluit", "voornemen", reference, lifting)
    cli("besluit", "neem", reference, lifting)
    cli("besluit", "bekendmaking", reference, lifting, "--datum", _day(0), "--wijze", "publicatie")
    [letter] = sorted(cli.output.glob("*opheffingsbesluit*.pdf"))[-1:]
    text = pdf_text(letter)
    assert "intrekking van de aanwijzing voor cameratoezicht" in text
    assert "art. 151c Gemeentewet" in text and "Gemeenteblad" in text
