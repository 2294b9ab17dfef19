"""The editors' Beheer: keeping the municipality's catalogue (views, forms, urls)."""
