"""The CLI for issue 8: facts at intake, linked cases of one blast, rounds, moments, sources."""

from tests.e2e.test_cli import ADDRESS, NEW_CASE, PERSON, Cli, cli, new_case  # noqa: F401


def test_vehicle_at_home_and_a_linked_address_show_on_zaak_toon(cli: Cli) -> None:  # noqa: F811
    car = new_case(cli, "--objecttype", "voertuig", "--voertuig-bij-woning", "ja",
                   "--eigendom", "sociale-huur")
    home = cli("zaak", "nieuw", "--straat", "Kade", "--huisnummer", "7", "--postcode", "3011 ab",
               "--plaats", "Rotterdam", "--objecttype", "woning", "--soort", "aanslag",
               "--tijdstip", "2025-03-07 02:40", "--zelfde-incident-als", car).stdout
    assert "aangemaakt" in home
    shown = cli("zaak", "toon", car, "--alles").stdout
    assert "voertuig bij woning" in shown and "eigendom sociale-huur" in shown
    assert "Zelfde incident" in shown and "Kade 7" in shown
    assert "Regio Rivierland (fictief)" in shown and "Politie eenheid Rivierland" in shown
    # A closure of the home is offered: its steps are in the playbook for this car.
    cli("zaak", "feiten", car, "--ontheemd", "ja")
    assert "ontheemd" in cli("zaak", "toon", car).stdout


def test_repeat_attack_starts_a_round_in_incident_with_its_own_facts(cli: Cli) -> None:  # noqa: F811
    reference = new_case(cli, "--gewonden", "1")
    again = cli("zaak", "aanslag", reference, "--tijdstip", "2025-03-20 01:00", "--gewonden", "0")
    assert "fase 'Incident', ronde 2" in again.stdout
    shown = cli("zaak", "toon", reference, "--alles").stdout
    assert "2. Incident, ronde 1" in shown and "2. Incident (huidige fase), ronde 2" in shown


def test_local_moment_and_wrong_facts_are_explained_in_dutch(cli: Cli) -> None:  # noqa: F811
    reference = new_case(cli)
    done = cli("zaak", "moment", reference, "wijkschouw", "--tijdstip", "2025-03-10 14:00")
    assert "Moment 'wijkschouw' vastgelegd" in done.stdout
    assert "niet gedeclareerd" in cli.fails("zaak", "moment", reference, "feest",
                                            "--tijdstip", "2025-03-10 14:00")
    assert "eigendom: onbekende waarde 'huur'" in cli.fails("zaak", "feiten", reference,
                                                           "--eigendom", "huur")
    assert "voertuig-bij-woning" in cli.fails(*NEW_CASE, "--voertuig-bij-woning", "ja")


def test_draaiboek_toon_shows_sources_partners_and_disabled_steps(cli: Cli) -> None:  # noqa: F811
    shown = cli("draaiboek", "toon").stdout
    assert "bron: ECLI:NL:RBOVE:2025:5638" in shown
    assert "Stichting Salvage [salvage]" in shown and "Buurtpreventieteam [buurtpreventie] (lokaal)" in shown
    assert "LOKAAL UITGESCHAKELD: Rivierstad" in shown
    assert "uiterlijk 2 dagen vóór closure_end" in shown
