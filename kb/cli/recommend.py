"""`kb recommend`, `kb compare`, `kb brief`: thin commands over kb.answer.

Exit codes: 0 ok; 1 runtime errors (missing index ...); 2 usage errors (unknown country, need or
program ids, with the list of valid ids; bad option combinations).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from kb.cli.common import check_language
from kb.errors import IndexMissingError, UnknownIdError, UsageError
from kb.vocab import countries, taxonomy
from kb.vocab.labels import t

CountryOpt = Annotated[str | None, typer.Option("--country", help="ISO3 code, e.g. HND")]
NeedOpt = Annotated[list[str], typer.Option("--need", help="Need id (repeatable)")]
TextOpt = Annotated[str, typer.Option("--text", help="The problem, in your words (any language)")]
ProfileOpt = Annotated[Path | None, typer.Option("--profile", help="Profile YAML file")]
LangOpt = Annotated[str, typer.Option("--lang", help="Language of reasons and headings: en|es|pt")]
RegionOpt = Annotated[
    list[str],
    typer.Option(
        "--region",
        help="Only learn from this region: LAC, EAP, SAS, WLD, asia or a World Bank region name "
        "(repeatable)",
    ),
]
IndexOpt = Annotated[str | None, typer.Option("--index", help="Index name")]


def build_profile(
    country: str | None,
    needs: list[str],
    text: str,
    profile_file: Path | None,
    regions: list[str] | None = None,
) -> Any:
    """A Profile from --profile and/or --country/--need/--text (the options win over the file)."""
    from kb.answer.profile import Profile
    from kb.answer.query_check import check_regions

    for need in needs:
        if need not in taxonomy.NEEDS:
            raise UnknownIdError("need", need, list(taxonomy.NEEDS))
    if country is not None and not countries.is_country(country.upper()):
        raise UnknownIdError("country", country, countries.all_codes())
    if profile_file is None and country is None:
        raise UsageError("give --country ISO3 (with --need ID ...) or --profile FILE.yaml")
    if profile_file is not None and not profile_file.is_file():
        raise UsageError(f"{profile_file}: no such profile file")
    base = Profile.load(profile_file) if profile_file else None
    data: dict[str, Any] = base.model_dump(exclude={"region", "income_group"}) if base else {}
    if country:
        data["country"] = country.upper()
    if needs:
        data["needs"] = {n: 1.0 for n in needs}
    if text:
        data["text"] = text
    if regions:
        data["regions"] = tuple(check_regions(regions))
    return Profile.model_validate(data).filled()


def _programs() -> Any:
    from kb.answer.recommend import programs_by_id
    from kb.settings import get_settings

    folder = get_settings().corpus_dir / "programs"
    if not folder.is_dir():
        raise UsageError(f"{folder}: no folder of case studies; set KB_CORPUS_DIR")
    return programs_by_id(folder)


def _print_recommendations(result: Any, lang: str) -> None:
    from kb.answer.brief_files import cite_place
    from kb.answer.reasons import (
        country_name,
        direct_lines,
        needs_read_hint,
        needs_read_line,
    )
    from kb.cli.common import out

    if not result.recommendations:
        out.print(
            "no programs matched: try other needs, fewer regions, or --include-own", markup=False
        )
    used = result.needs_read_used
    read = needs_read_line(result.needs_read, lang, used)
    if read:
        hint = needs_read_hint(result.needs_read, lang, used, "cli")
        out.print(f"{read} {hint}", markup=False, highlight=False)
    for line in direct_lines(result.direct, lang):
        out.print(line, markup=False, highlight=False)
    for r in result.recommendations:
        out.print(
            f"{r.rank:>2}. {r.score:.3f}  {r.name} [{r.program_id} · {r.country}]",
            markup=False,
            highlight=False,
        )
        for reason in r.reasons:
            out.print(f"    - {reason}", markup=False, highlight=False)
        # As the app and the brief cite: a case study by its section (it has no pages), each
        # place once.
        for place in dict.fromkeys(cite_place(c, lang) for c in r.citations):
            out.print(f"    · {place}", style="dim", markup=False, highlight=False)
    if result.own:
        out.print(
            t("own_programs", lang, country=country_name(result.profile.country, lang)) + ":",
            markup=False,
        )
        for r in result.own:
            out.print(f"    {r.name} [{r.program_id}]", markup=False, highlight=False)


def recommend_command(
    country: CountryOpt = None,
    need: NeedOpt = [],  # noqa: B006
    text: TextOpt = "",
    profile: ProfileOpt = None,
    region: RegionOpt = [],  # noqa: B006
    top: Annotated[int, typer.Option("--top", "-k", min=1, max=200, help="Programs")] = 10,
    include_own: Annotated[
        bool, typer.Option("--include-own", help="Rank your own country's programs too")
    ] = False,
    lang: LangOpt = "en",
    index: IndexOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
    json_object: Annotated[
        bool,
        typer.Option(
            "--json-object",
            help="Print one JSON object: profile, per-need counts, the list, own programs",
        ),
    ] = False,
) -> None:
    """Programs from other countries to learn from, with reasons, conditions and citations."""
    from kb.answer.recommend import recommend
    from kb.api import open_searcher
    from kb.settings import get_settings

    lang = check_language(lang)
    prof = build_profile(country, need, text, profile, region)
    searcher = open_searcher(index)
    result = recommend(
        prof,
        searcher,
        get_settings(),
        top_k=top,
        include_own=include_own,
        lang=lang,
        programs=_programs(),
    )
    if json_object:  # the whole set; --json stays the bare list it always was
        sys.stdout.write(json.dumps(result.to_json(), ensure_ascii=False, indent=1) + "\n")
    elif as_json:
        sys.stdout.write(
            json.dumps([r.to_json() for r in result.recommendations], ensure_ascii=False, indent=1)
            + "\n"
        )
    else:
        _print_recommendations(result, lang)


def compare_command(
    ids: Annotated[list[str], typer.Argument(help="2 to 5 program ids")],
    fmt: Annotated[str, typer.Option("--format", help="text | csv | xlsx | json")] = "text",
    out_file: Annotated[Path | None, typer.Option("--out", help="Write to this file")] = None,
    lang: LangOpt = "en",
) -> None:
    """Compare 2 to 5 programs side by side (fields as rows, programs as columns)."""
    from kb.answer.compare import FORMATS, compare, render
    from kb.files import atomic_write

    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    if fmt == "xlsx" and out_file is None:
        raise UsageError("--format xlsx writes a file: add --out FILE.xlsx")
    data = render(compare(ids, _programs(), lang=check_language(lang)), fmt)
    if out_file is not None:
        atomic_write(out_file, data)
        from kb.cli.common import err

        err.print(f"wrote {out_file}", markup=False, highlight=False)
    else:
        sys.stdout.write(str(data) + ("" if str(data).endswith("\n") else "\n"))


def brief_command(
    out_file: Annotated[Path, typer.Option("--out", help="FILE.docx, FILE.md or FILE.pdf")],
    country: CountryOpt = None,
    need: NeedOpt = [],  # noqa: B006
    text: TextOpt = "",
    profile: ProfileOpt = None,
    region: RegionOpt = [],  # noqa: B006
    program: Annotated[list[str], typer.Option("--program", help="Program id (repeatable)")] = [],  # noqa: B006
    top: Annotated[int, typer.Option("--top", min=1, max=5, help="Programs in the brief")] = 5,
    lang: LangOpt = "en",
    index: IndexOpt = None,
) -> None:
    """A meeting brief (DOCX, Markdown or PDF) for a profile or for chosen programs."""
    from kb.answer.brief import build_brief
    from kb.answer.brief_files import write_brief
    from kb.answer.recommend import recommend
    from kb.api import open_searcher
    from kb.cli.common import err
    from kb.settings import get_settings

    lang = check_language(lang)
    programs = _programs()
    has_profile = country is not None or profile is not None
    prof = build_profile(country, need, text, profile, region) if has_profile else None
    if program:
        try:
            searcher = open_searcher(index)
        except IndexMissingError as exc:  # a selection brief still works, without quotes
            err.print(f"warning: {exc}; the brief will have no quoted passages", markup=False)
            searcher = None
        brief = build_brief(
            programs, program_ids=program, searcher=searcher, lang=lang, profile=prof
        )
    elif prof is not None:
        result = recommend(
            prof, open_searcher(index), get_settings(), top_k=top, lang=lang, programs=programs
        )
        brief = build_brief(programs, recommendations=result, lang=lang, top=top)
    else:
        raise UsageError("give --country ISO3 --need ID (or --profile FILE) or --program ID ...")
    write_brief(brief, out_file)
    err.print(f"wrote {out_file}", markup=False, highlight=False)


def register(app: typer.Typer) -> None:
    from kb.cli.common import handle_errors

    app.command("recommend")(handle_errors(recommend_command))
    app.command("compare")(handle_errors(compare_command))
    app.command("brief")(handle_errors(brief_command))
