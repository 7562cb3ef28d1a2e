"""The generated sections of a doc: text between `<!-- generated: NAME -->` and `<!-- end generated -->`.

Shared by the scripts that regenerate docs/track-record.md and docs/poll-average.md from the engine;
the prose around the markers is written by hand.
"""

import re


def replace_sections(text: str, sections: dict[str, str], doc: str = "the doc") -> str:
    """`text` with each named section's generated part replaced (SystemExit when a marker is missing)."""
    for name, table in sections.items():
        pattern = re.compile(rf"(<!-- generated: {name} -->\n).*?(<!-- end generated -->)", re.S)
        if not pattern.search(text):
            raise SystemExit(f"{doc}: no <!-- generated: {name} --> marker")
        text = pattern.sub(lambda m, table=table: m[1] + "\n" + table.strip() + "\n\n" + m[2], text)
    return text


def section(text: str, name: str) -> str:
    """The generated part of section `name` in `text`, stripped (as `replace_sections` writes it)."""
    found = re.search(rf"<!-- generated: {name} -->\n(.*?)<!-- end generated -->", text, re.S)
    if found is None:
        raise KeyError(name)
    return found[1].strip()
