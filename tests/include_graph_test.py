#!/usr/bin/env python3
"""Checks that the includes between the folders of src/ point one way.

Reads every `#include "..."` of the library's sources (src/ without cli/), builds the
folder-level graph and fails, printing what is wrong, when
  - the graph has a cycle (printed as a chain of folders and the includes that make it);
  - a folder includes one that comes later in the pipeline (LAYERS below);
  - a folder includes a public header it neither implements nor uses as a shared
    vocabulary type (PUBLIC_HEADERS below).
Usage: include_graph_test.py [SRC_DIR]   (default: the src/ beside this file's parent)
"""
import re
import sys
from pathlib import Path

# Each folder may include its own headers and those of folders in earlier layers only.
# Folders of one layer do not include each other.
LAYERS = [
    ["support"],            # hashing, hash tables, the brief lock, shared blocks
    ["text"],               # UTF-8, paragraphs, character data, graphemes, break opportunities
    ["fonts"],              # font files and faces
    ["bidi"],               # levels, L1, L2
    ["style"],              # the caller's style and spans, resolved
    ["itemize"],            # script runs, font choice per grapheme
    ["shape", "render", "editing"],  # HarfBuzz and the word cache; rasterizing; carets
    ["line", "output"],     # breaking, building, justifying lines; serializing, encoding, files
    ["cache"],              # paragraph cache, kept lines
    ["layout"],             # the recipe
    ["runtime"],            # Context, workspaces, threads, the public entry points
]

# Public headers (include/satr/) that internal code may include: the vocabulary types every
# stage passes around, and otherwise only in the folders that implement the header.
VOCABULARY = {"error", "limits", "range", "color", "font", "layout"}
PUBLIC_HEADERS = {
    "caret": {"editing"},
    "render": {"render", "output", "runtime"},
    "serialize": {"output"},
    "output": {"output", "runtime"},
    "batch": {"runtime"},
    "context": {"runtime"},
    "version": {"runtime"},
    "utf8": {"text"},
    "satr": set(),
}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def read_includes(src):
    """(folder, file, included path) for every quoted include of the library."""
    out = []
    for path in sorted(src.glob("*/*.[ch]pp")):
        folder = path.parent.name
        if folder == "cli":
            continue
        for included in INCLUDE.findall(path.read_text(encoding="utf-8")):
            out.append((folder, path.relative_to(src).as_posix(), included))
    return out


def find_cycle(graph):
    """A list of folders forming a cycle, or None."""
    state = {}
    stack = []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = "done"
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def main():
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parents[1] / "src"
    rank = {folder: i for i, layer in enumerate(LAYERS) for folder in layer}
    folders = sorted(p.name for p in src.iterdir() if p.is_dir() and p.name != "cli")
    problems = []
    unknown = [f for f in folders if f not in rank]
    if unknown:
        problems.append(f"folders with no layer in {Path(__file__).name}: {', '.join(unknown)}")

    graph = {}
    witness = {}
    for folder, file, included in read_includes(src):
        target = included.split("/")[0]
        if target == "satr":
            header = Path(included).stem
            allowed = PUBLIC_HEADERS.get(header)
            if header not in VOCABULARY and (allowed is None or folder not in allowed):
                problems.append(f"{file} includes the public header {included}, which "
                                f"{folder}/ does not implement")
            continue
        if "/" not in included or target == folder:
            continue
        graph.setdefault(folder, set()).add(target)
        witness.setdefault((folder, target), f"{file} includes {included}")
        if folder in rank and target in rank and rank[target] >= rank[folder]:
            kind = "a later stage" if rank[target] > rank[folder] else "a folder of its own layer"
            problems.append(f"{file} includes {included}: {target}/ is {kind} than {folder}/")

    cycle = find_cycle(graph)
    if cycle:
        chain = " -> ".join(cycle)
        steps = "; ".join(witness[(a, b)] for a, b in zip(cycle, cycle[1:]))
        problems.append(f"include cycle: {chain} ({steps})")

    for line in problems:
        print(f"include_graph_test: {line}")
    if problems:
        return 1
    edges = sum(len(v) for v in graph.values())
    print(f"include_graph_test: {len(folders)} folders, {edges} folder-level edges, no cycle, "
          f"every include points to an earlier layer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
