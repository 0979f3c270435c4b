"""`playbook verwijzing weigering`: a refusal recorded, listed, and the referral refused."""

from tests.e2e.test_cli import Cli, cli, new_case  # noqa: F401  (pytest finds `cli` by name)


def test_a_refusal_from_the_command_line_refuses_the_referral(cli: Cli) -> None:  # noqa: F811
    reference = new_case(cli)
    bad = cli.fails("verwijzing", "weigering", reference, "--persoon", "1", "--wijze", "knipoog")
    assert "hoe geweigerd: 'knipoog' is onbekend" in bad
    said = cli("verwijzing", "weigering", reference, "--persoon", "1", "--wijze", "mondeling",
               "--op", "2025-03-07 10:00", "--notitie", "Wil geen contact")
    assert "Weigering vastgelegd: niet voor doorverwijzing naar Slachtofferhulp" in said.stdout
    listed = cli("verwijzing", "lijst", reference).stdout
    assert "7 maart 2025 10:00" in listed and "mondeling" in listed
    assert "Wil geen contact" in listed and "Geen toestemmingen." in listed
    refused = cli.fails("verwijzing", "brief", reference, "--persoon", "1")
    assert "Fatima B. heeft op 7 maart 2025 10:00 (mondeling) gezegd niet te willen" in refused
    assert cli.rows("SELECT action FROM audit WHERE action = 'weigering-vastgelegd'") == [
        ("weigering-vastgelegd",)]
