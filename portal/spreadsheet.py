"""Cells a spreadsheet shows as text, never runs: CSV exports of the catalogue and of insight."""

# OWASP's CSV injection rule: a cell that starts with one of these is a formula to Excel.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def escaped(text: str) -> bool:
    """Starts as a formula, or as what cell() makes of one ("'=", "''")."""
    return text.startswith(FORMULA_START) or (
        text.startswith("'") and text[1:2] in (*FORMULA_START, "'")
    )


def cell(value) -> str:
    """A value as a cell a spreadsheet shows as text: a leading "'" before anything Excel
    would run (an HSDS feed could plant a service named '=HYPERLINK(…)'). "'t Boshuis" stays
    as it is; "'=x" itself gets one more "'", so the import takes exactly one off."""
    text = "" if value is None else str(value)
    return "'" + text if escaped(text) else text


def uncell(text: str) -> str:
    """The reverse of cell() for an imported cell."""
    return text[1:] if text.startswith("'") and escaped(text[1:]) else text
