"""Vocabularies: the taxonomy, the country reference and every user-facing label."""
