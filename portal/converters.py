from django.urls import register_converter


class IdConverter:
    """Like <int:…> but bounded, so an absurdly long number is a 404, not a database error."""

    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


register_converter(IdConverter, "id")
