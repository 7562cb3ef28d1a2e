"""Regenerate the tables of docs/poll-average.md from the engine (never typed in by hand).

    python scripts/poll_average_doc.py

Rewrites what stands between each `<!-- generated: NAME -->` and `<!-- end generated -->` marker
(a few seconds):

- `drift`: the fitted drift per region (`python -m engine fit-poll-average` prints it too);
- `eve`: the average on the eve of each election against the last poll and the result (the
  command prints the same table).

The prose around them is written by hand and must be read again when the tables change.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_library  # noqa: E402
from engine.poll_average.evidence import eve_comparison, render_drift, render_eve_comparison  # noqa: E402
from engine.poll_average.fit import fit_poll_average  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "poll-average.md"
SECTIONS = ("drift", "eve")


def tables() -> dict[str, str]:
    """The generated sections, by marker name (`SECTIONS`)."""
    library = load_library()
    return {
        "drift": render_drift(fit_poll_average(library).drift),
        "eve": render_eve_comparison(eve_comparison(library), library),
    }


def replace_sections(text: str, sections: dict[str, str]) -> str:
    """`text` with each named section's generated part replaced (SystemExit when a marker is missing)."""
    for name, table in sections.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end generated -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{DOC}: no <!-- generated: {name} --> marker")
        text = pattern.sub(lambda m, table=table: m[1] + "\n" + table.strip() + "\n\n" + m[2], text)
    return text


def section(text: str, name: str) -> str:
    """The generated part of section `name` in `text`, stripped (as `replace_sections` writes it)."""
    found = re.search(rf"<!-- generated: {name} -->\n(.*?)<!-- end generated -->", text, re.S)
    if found is None:
        raise KeyError(name)
    return found[1].strip()


def main() -> None:
    DOC.write_text(replace_sections(DOC.read_text(encoding="utf-8"), tables()), encoding="utf-8")


if __name__ == "__main__":
    main()
