"""Regenerate the tables of docs/poll-average.md from the engine (never typed in by hand).

    python scripts/poll_average_doc.py

Rewrites what stands between each `<!-- generated: NAME -->` and `<!-- end generated -->` marker
(a few seconds):

- `drift`: the fitted drift per region (`python -m engine fit-poll-average` prints it too);
- `eve`: the average on the eve of each election against the last poll and the result (the
  command prints the same table).

The prose around them is written by hand and must be read again when the tables change.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_library  # noqa: E402
from engine.poll_average.evidence import eve_comparison, render_drift, render_eve_comparison  # noqa: E402
from engine.poll_average.fit import fit_poll_average  # noqa: E402
from scripts.generated_sections import replace_sections, section  # noqa: E402, F401 (section: for tests)

DOC = Path(__file__).resolve().parent.parent / "docs" / "poll-average.md"
SECTIONS = ("drift", "eve")


def tables() -> dict[str, str]:
    """The generated sections, by marker name (`SECTIONS`)."""
    library = load_library()
    return {
        "drift": render_drift(fit_poll_average(library).drift),
        "eve": render_eve_comparison(eve_comparison(library), library),
    }


def main() -> None:
    DOC.write_text(replace_sections(DOC.read_text(encoding="utf-8"), tables(), str(DOC)), encoding="utf-8")


if __name__ == "__main__":
    main()
