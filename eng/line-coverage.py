#!/usr/bin/env python3
"""Prints one line-coverage figure for src/ from the Cobertura reports coverlet wrote under a folder.

Every test project reports on the assemblies it loaded, so one source line can appear in several
reports; a line counts as covered when any report saw it run.
"""
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

def main(folder: str) -> int:
    lines: dict[tuple[str, int], bool] = {}
    reports = list(Path(folder).rglob("coverage.cobertura.xml"))
    for report in reports:
        root = ET.parse(report).getroot()
        sources = [s.text or "" for s in root.iter("source")] or [""]
        for cls in root.iter("class"):
            name = cls.get("filename", "")
            # Reports name files under a source root: the checkout's path, or /_/ in a deterministic CI build.
            # Keyed from "src/" on, one file is one key whichever root a report used.
            path = (sources[0].rstrip("/") + "/" + name if not name.startswith("/") else name).replace("\\", "/")
            # Source files only: code generated into obj/ (logging, regex) is not ours to cover.
            if "/src/" not in path or "/obj/" in path:
                continue
            relative = path[path.rindex("/src/") + 1:]
            for line in cls.iter("line"):
                key = (relative, int(line.get("number", "0")))
                lines[key] = lines.get(key, False) or int(line.get("hits", "0")) > 0
    if not lines:
        print("line coverage: no coverage reports found")
        return 0
    covered = sum(1 for hit in lines.values() if hit)
    print(f"line coverage: {100.0 * covered / len(lines):.1f}% of {len(lines)} lines in src/ "
          f"({len(reports)} reports)")
    return 0

if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
