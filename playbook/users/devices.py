"""A sign-in session's browser in words ("Chrome op Windows"), not its user-agent string.

Good enough to recognise one's own devices on the account page; the order of the checks matters
because every browser's string names the ones it imitates (Edge says Chrome and Safari too)."""

BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("iPhone", "iPhone"), ("iPad", "iPad"), ("Android", "Android"), ("CrOS", "ChromeOS"),
           ("Windows", "Windows"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def device_name(user_agent: str | None) -> str:
    if not user_agent:
        return "onbekend apparaat"
    browser = next((name for mark, name in BROWSERS if mark in user_agent), None)
    system = next((name for mark, name in SYSTEMS if mark in user_agent), None)
    if browser and system:
        return f"{browser} op {system}"
    return browser or system or "onbekende browser"
