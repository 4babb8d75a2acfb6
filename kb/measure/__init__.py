"""SME internationalization indicators from firm-level data."""
