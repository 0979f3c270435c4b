"""The demo's map of the Havenkwartier in the fictional Rivierstad, drawn rather than shipped:
the streets the scenario names, and the area a measure covers outlined on top. A municipality
uploads its own map (a GIS extract); this one only has to be legible on an A4 bijlage."""

import io

WIDTH, HEIGHT = 1400, 1000
STREET, WATER, TEXT = (205, 205, 205), (170, 205, 235), (40, 40, 40)
# Street name -> its centre line (pixels), as the scenario's area descriptions name them.
STREETS = {
    "Havenstraat": [(120, 300), (1280, 300)],
    "Kadelaan": [(120, 700), (1280, 700)],
    "Molensteeg": [(1040, 160), (1040, 700)],
    "Dijkweg": [(120, 160), (1280, 160)],
    "Schoolstraat": [(300, 160), (300, 700)],
}
SQUARE = (560, 380, 860, 620)  # Havenplein
BRIDGE = [(380, 700), (380, 900)]  # Havenbrug, over the harbour
# The outlined areas: the gebiedsverbod's (Havenstraat, Havenplein, Kadelaan between the
# Havenbrug and the Molensteeg) and the cameratoezicht's (Havenstraat and Havenplein).
AREAS = {
    "gebiedsverbod": ([(370, 260), (1060, 260), (1060, 740), (370, 740)], (200, 20, 20),
                      "Verboden gebied (gebiedsverbod)"),
    "cameratoezicht": ([(370, 260), (1060, 260), (1060, 340), (880, 340), (880, 640),
                        (540, 640), (540, 340), (370, 340)], (20, 70, 200),
                       "Gebied met cameratoezicht"),
}


def area_map(kind: str) -> bytes:
    """A PNG of the quarter with the area of `kind` (gebiedsverbod, cameratoezicht) outlined."""
    from PIL import Image, ImageDraw, ImageFont

    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    draw = ImageDraw.Draw(image)
    font, small = ImageFont.load_default(size=30), ImageFont.load_default(size=24)
    draw.rectangle((0, 760, WIDTH, 940), fill=WATER)
    draw.text((900, 850), "Haven", font=font, fill=(60, 90, 130))
    for name, line in STREETS.items():
        draw.line(line, fill=STREET, width=34)
        (x0, y0), (_, y1) = line
        if y0 == y1:
            draw.text((x0 + 10, y0 - 14), name, font=small, fill=TEXT)
        else:
            draw.text((x0 + 24, y0 + 10), name, font=small, fill=TEXT)
    draw.rectangle(SQUARE, fill=(225, 225, 225))
    draw.text((SQUARE[0] + 70, SQUARE[1] + 100), "Havenplein", font=small, fill=TEXT)
    draw.line(BRIDGE, fill=(150, 150, 150), width=30)
    draw.text((BRIDGE[0][0] + 24, 800), "Havenbrug", font=small, fill=TEXT)
    draw.ellipse((650, 285, 680, 315), fill=(0, 0, 0))
    draw.text((585, 205), "Havenstraat 14", font=small, fill=TEXT)
    outline, colour, legend = AREAS[kind]
    draw.line([*outline, outline[0]], fill=colour, width=8, joint="curve")
    draw.text((40, 30), "Havenkwartier, Rivierstad (schematisch)", font=font, fill=TEXT)
    draw.rectangle((40, 950, 80, 975), outline=colour, width=6)
    draw.text((95, 945), legend, font=small, fill=TEXT)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
