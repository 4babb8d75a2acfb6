"""A catalogued document read again from its stored file: for an approval, a re-index, a
rebuild and `kb doctor`. The fields a curator edited come from the catalog, not the file.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from kb.curate.catalog import CatalogStore
from kb.curate.catalog_records import Entry, with_edits
from kb.curate.hook import resolve_source
from kb.errors import CatalogError, ParseError
from kb.ingest.parse import parse_file
from kb.ingest.pipeline import Failure, program_document
from kb.ingest.programs import parse_program
from kb.records import Document
from kb.settings import Settings


def load_document(settings: Settings, entry: Entry, edited: Collection[str] = ()) -> Document:
    """Parse a catalogued document again from its source file, with the metadata fields a
    curator `edited` (`Catalog.edited_fields`) taken from the catalog, not from the file."""
    path = resolve_source(entry.source, settings)
    if not path.is_file():
        raise CatalogError(
            f"{entry.source}: the source file of document {entry.doc_id} is "
            "missing; upload it again or retire the document"
        )
    if entry.doc_type == "program":
        doc = program_document(parse_program(path), settings.corpus_dir.parent)
        found = [doc]
    else:
        found = parse_file(path, settings=settings)
    for doc in found:
        if doc.doc_id == entry.doc_id:
            return with_edits(doc, entry, edited)
    raise CatalogError(
        f"{entry.source}: the file changed since document {entry.doc_id} was "
        "catalogued; ingest it again to catalogue the new version"
    )


def approved_missing(
    catalog: CatalogStore,
    settings: Settings,
    name: str,
    present: Collection[str],
    outside: Path | None = None,
) -> tuple[list[Document], list[Failure]]:
    """The approved documents of index `name` that are not `present`, read again from their
    stored files (those under `outside` excepted: a build reads its own folder), for a
    pipeline with the catalog hook; a file that cannot be read is a failure naming it, not a
    silent loss."""
    skip = outside.resolve() if outside is not None else None
    docs: list[Document] = []
    failed: list[Failure] = []
    for entry in catalog.entries(name, "approved"):
        if entry.doc_id in present or entry.doc_type == "program":
            continue
        path = resolve_source(entry.source, settings)
        if skip is not None and path.resolve().is_relative_to(skip):
            continue
        try:  # the catalog hook that indexes them applies curators' edits (CatalogHook.screen)
            docs.append(load_document(settings, entry))
        except (CatalogError, ParseError) as exc:
            failed.append(Failure.of(entry.source, exc))
    return docs, failed
