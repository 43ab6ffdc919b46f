#!/usr/bin/env bash
# Rewrites PublicAPI.Unshipped.txt of each shipped library from the public surface its code declares now.
#
# The public API analyzer (Microsoft.CodeAnalysis.PublicApiAnalyzers) fails the build when a public member is
# missing from PublicAPI.Shipped.txt + PublicAPI.Unshipped.txt (RS0016) or listed there but gone (RS0017). This
# script empties each Unshipped file and lets the analyzer's own code fix for RS0016 (through `dotnet format`)
# write back every public symbol that PublicAPI.Shipped.txt does not already list. Run it after changing a public
# type or member, then review the diff of the PublicAPI.*.txt files: it is the change to the surface.
#
# PublicAPI.Shipped.txt is never touched: moving entries there is part of a release.
#
# Usage: eng/update-public-api.sh [project-dir...]   (default: every shipped library under src/)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [ "$#" -gt 0 ]; then
    projects=("$@")
else
    projects=(src/Strata src/Strata.Extensions.Configuration src/Strata.Etcd src/Strata.Dashboard)
fi

for dir in "${projects[@]}"; do
    dir="${dir%/}"
    project="$dir/$(basename "$dir").csproj"
    if [ ! -f "$project" ]; then
        echo "update-public-api: no project at $project" >&2
        exit 2
    fi
    if [ ! -f "$dir/PublicAPI.Shipped.txt" ]; then
        printf '#nullable enable\n' > "$dir/PublicAPI.Shipped.txt"
    fi
    printf '#nullable enable\n' > "$dir/PublicAPI.Unshipped.txt"
    echo "update-public-api: $project"
    dotnet format analyzers "$project" --diagnostics RS0016 --severity info --verbosity quiet
    # Builds once more: a symbol the code fix could not write (or a stale Shipped entry) still shows up here.
    left="$(dotnet build "$project" -c Release --no-restore -p:TreatWarningsAsErrors=false -nologo -v q 2>&1 \
        | grep -E '(warning|error) RS00(16|17)' | grep -F "[$root/$project]" | sort -u || true)"
    if [ -n "$left" ]; then
        echo "$left" | head -20 >&2
        echo "update-public-api: $project still reports RS0016/RS0017 (above)" >&2
        exit 1
    fi
done
