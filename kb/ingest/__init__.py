"""Bytes to records: parse files into Documents, chunk them, embed the chunks."""
