"""Regenerate the tables of docs/track-record.md from the engine (never typed in by hand).

    python scripts/track_record_doc.py

Rewrites what stands between each `<!-- generated: NAME -->` and `<!-- end generated -->` marker:
`compare` is `python -m engine backtest --compare`, `record` is `python -m engine backtest
--constituency-noise 0.1` (2^20 simulations per backtest, seed 2024). The prose around them is
written by hand and must be read again when the tables change.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import load_library  # noqa: E402
from engine import track_record as track  # noqa: E402

DOC = Path(__file__).resolve().parent.parent / "docs" / "track-record.md"
RECOMMENDED_NOISE = 0.1


def tables() -> dict[str, str]:
    library = load_library()
    return {
        "compare": track.render_comparison(track.compare_models(library)),
        "record": track.render_track_record(track.track_record(library, constituency_noise=RECOMMENDED_NOISE)),
    }


def main() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name, table in tables().items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end generated -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{DOC}: no <!-- generated: {name} --> marker")
        text = pattern.sub(lambda m, table=table: m[1] + "\n" + table.strip() + "\n\n" + m[2], text)
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
