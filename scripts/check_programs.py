"""Validate case studies and their translations: `python scripts/check_programs.py [FILES...]`
(default: all). `kb corpus check` does the same and adds the balance rules."""

from __future__ import annotations

import sys
from pathlib import Path

from kb.errors import MetadataError
from kb.ingest.programs import check_texts, load_programs, read_program

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str]) -> int:
    if argv:
        progs, errors = [], []
        for name in argv:
            try:
                prog, bad = read_program(Path(name))
            except MetadataError as exc:
                errors.append(exc)
                continue
            progs.append(prog)
            errors += bad
    else:
        progs, errors = load_programs(ROOT / "corpus" / "programs")
    problems = [str(e) for e in errors] + [p for prog in progs for p in check_texts(prog)]
    for line in problems:
        print(line)
    print(f"{len(progs)} valid, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
