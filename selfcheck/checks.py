"""A warning at start-up when the PDF letter cannot be made on this machine."""

from ctypes.util import find_library

from django.core.checks import Warning, register

PANGO = ("pango-1.0", "pangoft2-1.0")  # what WeasyPrint opens to draw text


@register()
def pango_for_the_letter(app_configs, **kwargs) -> list[Warning]:
    missing = [name for name in PANGO if find_library(name) is None]
    if not missing:
        return []
    return [
        Warning(
            f"WeasyPrint cannot load {', '.join(missing)}: the bewaarlijst's PDF letter will "
            "answer 'De brief lukt nu even niet' (503).",
            hint="apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core",
            id="selfcheck.W001",
        )
    ]
