"""kb: knowledge base and best-practice recommender for SME internationalization
and financing policy."""

__version__ = "0.1.0"
