"""Answers from the store: search, recommendations, comparisons, briefs."""
