#!/usr/bin/env bash
# Runs real third-party Polyglot C# notebooks, unchanged, through `nin notebooks run` and through dotnet-repl (the
# .NET Interactive kernel without an editor), and checks that the same cells fail in both: the TorchSharp team's C#
# tutorials and dotnet/csharp-notebooks' C# 101 series. It downloads them, so it needs internet (CI machines are
# offline and do not run it). Tutorial 2 has one cell that fails on purpose (a bad reshape), so expect "failed"
# there; --continue-on-error runs the rest, as dotnet-repl does.
# Usage: bash environment/third-party-notebooks.sh [URL...]   (default: the list below)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
torchsharp="https://raw.githubusercontent.com/dotnet/TorchSharpExamples/main/tutorials/CSharp"
csharp101="https://raw.githubusercontent.com/dotnet/csharp-notebooks/main/csharp-101"
urls=("$@")
if [[ ${#urls[@]} -eq 0 ]]; then
  urls=(
    "$torchsharp/tutorial1.ipynb" "$torchsharp/tutorial2.ipynb" "$torchsharp/tutorial3.ipynb" "$torchsharp/tutorial4.ipynb"
    "$csharp101/01-Hello%20World.ipynb" "$csharp101/10-Arrays,%20Lists,%20and%20Collections.ipynb"
    "$csharp101/13-Objects%20and%20Classes.ipynb" "$csharp101/15-Methods%20and%20Exceptions.ipynb"
  )
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for url in "${urls[@]}"; do
  name="$(basename "$url")"
  curl -fsSL "$url" -o "$work/${name//%20/ }"
done

out="$here/runs/third-party-notebooks"
"$here/nin" notebooks run "$work" --continue-on-error --out "$out" || true
(cd "$here" && dotnet tool restore >/dev/null)
mkdir -p "$out/dotnet-repl"
status=0
for notebook in "$work"/*.ipynb; do
  name="$(basename "$notebook")"
  (cd "$here" && dotnet tool run dotnet-repl -- --run "$notebook" --working-dir "$work" --exit-after-run --output-path "$out/dotnet-repl/$name") \
    > "$out/dotnet-repl/${name%.ipynb}.log" 2>&1 || true
  ours="$("$here/nin" notebooks failing-cells "$out/$name")"
  theirs="$("$here/nin" notebooks failing-cells "$out/dotnet-repl/$name")"
  if [[ "$ours" == "$theirs" ]]; then
    echo "same cells fail in both: $name: ${ours:-none}"
  else
    echo "DIFFERENT: $name: nin notebooks run: ${ours:-none}; dotnet-repl: ${theirs:-none}"
    status=1
  fi
done
echo "Executed copies and junit.xml: $out (dotnet-repl's copies in $out/dotnet-repl)"
exit "$status"
