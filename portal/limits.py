"""Reading the rate limits setting (no Django import: settings.py uses it)."""


def parse_limits(text):
    """`search=60/60,login=10/900` (requests/seconds) as {name: (requests, seconds)}; `off`: none."""
    if text.strip().lower() in ("off", "0", "none"):
        return {}
    limits = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, value = part.split("=", 1)
        count, seconds = value.split("/", 1)
        limits[name.strip()] = (int(count), int(seconds))
    return limits
