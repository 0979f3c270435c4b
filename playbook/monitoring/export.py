"""The anonymised export for the national monitor: counts only, small numbers hidden.

Only aggregated counts leave: no names, addresses, postcodes, case numbers or dates of single
incidents, and no medians (a median of few cases is a single case's time). Every number under
5 is written as "<5", so that no count points to a household (AVG art. 5 lid 1 sub c, data
minimisation; art. 89 AVG, safeguards for statistics).
"""

import csv
import io
from collections.abc import Sequence

from playbook.monitoring.figures import Report

SMALL = 5
HEADER = ("onderdeel", "omschrijving", "aantal")


def shown(value: int) -> str:
    return "<5" if value < SMALL else str(value)


def rows(report: Report, codes: Sequence[str]) -> list[tuple[str, str, str]]:
    """(section, label, count) in a fixed order; every count passes through `shown`."""
    out: list[tuple[str, str, str]] = [
        ("gebied", "CBS-code(s)", " ".join(codes)),
        ("gebied", "jaar", str(report.year)),
    ]
    for m in report.months:
        out.append(("aanslagen per maand", f"{report.year}-{m.month:02d}", shown(m.count)))
        if m.baseline is not None:
            out.append(("referentiejaar per maand", f"{report.baseline.year}-{m.month:02d}",  # type: ignore[union-attr]
                        shown(m.baseline)))
    out.append(("aanslagen", "totaal", shown(report.total)))
    for kind, count in report.object_types:
        out.append(("objecttype", kind, shown(count)))
    out.append(("herhaaladressen", "adressen met twee of meer aanslagen",
                shown(report.repeat_addresses)))
    for title, statuses in report.measures:
        for status, count in statuses.items():
            out.append(("maatregelen", f"{title} ({status})", shown(count)))
    out.append(("sluitingen", "sluitingsbesluiten", shown(report.closures)))
    for partner, count in report.overdue:
        out.append(("te late stappen", partner, shown(count)))
    return out


def to_csv(report: Report, codes: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(rows(report, codes))
    return buffer.getvalue().encode("utf-8-sig")  # the BOM lets spreadsheet programs read é


def to_ods(report: Report, codes: Sequence[str]) -> bytes:
    # Imported here: odfpy builds its whole ODF grammar on import (80 ms), which every CLI
    # command and server start paid for a file few ask for.
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = OpenDocumentSpreadsheet()
    table = Table(name=f"Monitor {report.year}")
    for values in (HEADER, *rows(report, codes)):
        tr = TableRow()
        for value in values:
            cell = TableCell(valuetype="string")
            cell.addElement(P(text=value))
            tr.addElement(cell)
        table.addElement(tr)
    doc.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()
