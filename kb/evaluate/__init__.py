"""Evaluation sets and reports: labelled queries, held-out set, XQuAD-R, corpus checks."""
