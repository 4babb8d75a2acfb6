"""Validate case studies: `python scripts/check_programs.py [FILES...]` (default: all)."""

from __future__ import annotations

import sys
from pathlib import Path

from kb.errors import MetadataError
from kb.ingest.programs import check_body, load_programs, parse_program

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if argv:
        progs, errors = [], []
        for name in argv:
            try:
                progs.append(parse_program(Path(name)))
            except MetadataError as exc:
                errors.append(exc)
    else:
        progs, errors = load_programs(ROOT / "corpus" / "programs")
    problems = [str(e) for e in errors] + [p for prog in progs for p in check_body(prog)]
    for line in problems:
        print(line)
    print(f"{len(progs)} valid, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
