"""Charts as inline SVG rendered on the server: no script, readable in print, and announced to
screen readers as one image with a title and a description (role="img", WAI-ARIA 1.2 / WCAG
1.1.1). The numbers themselves are in the data table the page puts beside every chart."""

from collections.abc import Sequence

from markupsafe import Markup, escape

from playbook.documents.formatting import number_nl
from playbook.monitoring.figures import MonthFigure

WIDTH, HEIGHT = 600, 280
LEFT, RIGHT, TOP, BOTTOM = 40, 12, 16, 40
BAR = "#1f5c99"
BASE = "#6b6b6b"
GOAL = "#b3261e"


def _frame(ident: str, title: str, desc: str, body: list[str], height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'aria-labelledby="{ident}-titel {ident}-uitleg" xmlns="http://www.w3.org/2000/svg">'
        f'<title id="{ident}-titel">{escape(title)}</title>'
        f'<desc id="{ident}-uitleg">{escape(desc)}</desc>{"".join(body)}</svg>'
    )


def _scale(values: Sequence[float]) -> float:
    top = max([1.0, *values])
    step = 1 if top <= 5 else 2 if top <= 10 else 5 if top <= 25 else 10 ** len(str(int(top))) / 10
    return float(step * -(-top // step))


def month_chart(ident: str, months: Sequence[MonthFigure], title: str) -> Markup:
    """Bars: attacks per month; grey dashes: the baseline month; red: the goal line."""
    values = [m.count for m in months] + [m.baseline or 0 for m in months]
    top = _scale(values)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / len(months)

    def y(value: float) -> float:
        return TOP + plot_h - plot_h * value / top

    body = [f'<line x1="{LEFT}" y1="{y(0):.1f}" x2="{WIDTH - RIGHT}" y2="{y(0):.1f}" '
            'stroke="#333" stroke-width="1"/>']
    for tick in (0, top / 2, top):
        body.append(f'<text x="{LEFT - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" '
                    f'font-size="14" fill="#333">{number_nl(tick)}</text>')
    for i, m in enumerate(months):
        x = LEFT + i * slot
        h = plot_h * m.count / top
        body.append(f'<rect x="{x + slot * 0.2:.1f}" y="{y(m.count):.1f}" width="{slot * 0.6:.1f}" '
                    f'height="{h:.1f}" fill="{BAR}"/>')
        body.append(f'<text x="{x + slot / 2:.1f}" y="{HEIGHT - BOTTOM + 16}" text-anchor="middle" '
                    f'font-size="14" fill="#333">{m.short_name}</text>')
        if m.baseline is not None:
            body.append(f'<line x1="{x + 2:.1f}" y1="{y(m.baseline):.1f}" x2="{x + slot - 2:.1f}" '
                        f'y2="{y(m.baseline):.1f}" stroke="{BASE}" stroke-width="3" '
                        'stroke-dasharray="6 3"/>')
        if m.goal is not None:
            body.append(f'<line x1="{x + 2:.1f}" y1="{y(m.goal):.1f}" x2="{x + slot - 2:.1f}" '
                        f'y2="{y(m.goal):.1f}" stroke="{GOAL}" stroke-width="2"/>')
    legend = [("Aanslagen", BAR, ""), ("Referentiejaar", BASE, ' stroke-dasharray="6 3"'),
              ("Doel", GOAL, "")] if any(m.baseline is not None for m in months) else []
    for i, (name, color, dash) in enumerate(legend):
        x = LEFT + i * 140
        body.append(f'<line x1="{x}" y1="{HEIGHT - 10}" x2="{x + 24}" y2="{HEIGHT - 10}" '
                    f'stroke="{color}" stroke-width="4"{dash}/>'
                    f'<text x="{x + 30}" y="{HEIGHT - 6}" font-size="14" fill="#333">{name}</text>')
    total = sum(m.count for m in months)
    desc = f"Staafdiagram van {total} aanslagen per maand"
    if legend:
        base = sum(m.baseline or 0 for m in months)
        goal = sum(m.goal or 0 for m in months)
        desc += (f", met per maand het aantal in het referentiejaar (totaal {base}) en de "
                 f"doellijn (totaal {number_nl(goal)})")
    return _frame(ident, title, desc + ". De cijfers staan in de tabel ernaast.", body)


def bar_chart(ident: str, items: Sequence[tuple[str, float]], title: str, unit: str) -> Markup:
    """Horizontal bars, one per label, with the value written at the end of the bar."""
    row, label_w = 30, 250
    height = TOP + row * max(1, len(items)) + 8
    top = _scale([v for _, v in items])
    plot_w = WIDTH - label_w - 60
    body = []
    for i, (label, value) in enumerate(items):
        y = TOP + i * row
        w = plot_w * value / top
        body.append(f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" font-size="14" '
                    f'fill="#333">{escape(label[:32])}</text>'
                    f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 10}" '
                    f'fill="{BAR}"/>'
                    f'<text x="{label_w + w + 6:.1f}" y="{y + 17}" font-size="14" '
                    f'fill="#333">{number_nl(value)}</text>')
    parts = ", ".join(f"{label}: {number_nl(value)} {unit}"
                      for label, value in items) or "geen gegevens"
    return _frame(ident, title, f"Staafdiagram. {parts}.", body, height)
