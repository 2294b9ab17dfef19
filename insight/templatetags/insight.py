from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template, for dictionaries keyed by a variable."""
    return mapping.get(key)
