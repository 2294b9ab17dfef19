"""Template helpers every app uses."""

from django import template

register = template.Library()

# Widgets whose field has no single input: the error link goes to the first choice.
_GROUPS = {"radioselect", "checkboxselectmultiple", "filterablecheckboxes"}


@register.filter
def field_anchor(field) -> str:
    """The id an error-summary link jumps to (GOV.UK): the field's input, or the first
    radio button or checkbox of a group (whose label is the legend, not a <label for>)."""
    if field.widget_type in _GROUPS or not field.id_for_label:
        return f"{field.auto_id}_0"
    return field.id_for_label
