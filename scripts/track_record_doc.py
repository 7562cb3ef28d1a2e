"""Regenerate the tables of docs/track-record.md from the engine (never typed in by hand).

    python scripts/track_record_doc.py

Rewrites what stands between each `<!-- generated: NAME -->` and `<!-- end generated -->` marker
(2^20 simulations per backtest, seed 2024; a few minutes):

- `candidates`: the polling-error models fitted on one election's polls and scored on the other's
  final polls (`python -m engine fit-polling-error` prints the same table);
- `coverage`: the seat intervals' coverage on each election's final polls, with and without the
  polling error (`python -m engine backtest --coverage`);
- `honest`: what an honest model expects inside the seat intervals (their own probability mass) and
  the chance it puts as many inside as we saw, from the same runs;
- `compare`: swing models and local noise on 2024 (`python -m engine backtest --compare`);
- `record`: every backtest of each election with the default model (`python -m engine backtest
  --baseline … --election …`), from the same runs as `coverage`.

The prose around them is written by hand and must be read again when the tables change.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from engine import DEFAULT_POLLING_ERROR, load_library  # noqa: E402
from engine import track_record as track  # noqa: E402
from engine.polling_error_fit import compare_candidates, render_candidates  # noqa: E402
from scripts.generated_sections import replace_sections, section  # noqa: E402, F401 (section: for tests)

DOC = Path(__file__).resolve().parent.parent / "docs" / "track-record.md"
SECTIONS = ("candidates", "coverage", "honest", "compare", "record")


def record(scores: tuple[track.ModelScore, ...]) -> str:
    """Every backtest of each scored election with the default polling error, under a heading per election."""
    return "\n".join(
        f"### {score.election[:4]}, projected from {score.backtests[0].baseline[:4]}\n\n"
        + track.render_track_record(score.backtests, heading_level=4)
        for score in scores
        if score.polling_error == DEFAULT_POLLING_ERROR
    )


def tables() -> dict[str, str]:
    """The generated sections, by marker name (`SECTIONS`)."""
    library = load_library()
    coverage = track.coverage_scores(library)
    return {
        "candidates": render_candidates(compare_candidates(library)),
        "coverage": track.render_coverage(coverage),
        "honest": track.render_interval_mass(coverage),
        "compare": track.render_comparison(track.compare_models(library)),
        "record": record(coverage),
    }


def main() -> None:
    sections = tables()  # minutes: the doc is read after, so that edits to its prose meanwhile stay
    DOC.write_text(replace_sections(DOC.read_text(encoding="utf-8"), sections, str(DOC)), encoding="utf-8")


if __name__ == "__main__":
    main()
