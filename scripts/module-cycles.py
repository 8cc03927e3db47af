#!/usr/bin/env python3
"""Fails when the modules of a crate depend on each other in a cycle.

A module is a source file. File A depends on module B when A names B through a path: a `use`
item (`crate::a::b`, `super::x`, `self::x`, a child module, or a name an earlier `use` brought
in) or a path written in the code. A module may use the modules it declares (its own
descendants): that is how a parent re-exports or registers its children. Every other edge must
go one way. Test code (from `#[cfg(test)]` to the end of the file) is not counted.

With `--pure CRATE_SRC_DIR`, also fails when that crate's code (tests aside) names the file
system, processes, the network or the environment (`std::fs`, `std::process`, `std::net`,
`std::env`): the analysis core takes text and paths and returns values (ARCHITECTURE.md).

Usage: module-cycles.py [--pure CRATE_SRC_DIR]... CRATE_SRC_DIR...
       (each directory holding lib.rs or main.rs)
"""
import os
import re
import sys

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"


def strip_code(text):
    """Drops comments, string and char literals, and test code (from `#[cfg(test)]` on)."""
    cut = re.search(r"^\s*#\[cfg\(test\)\]\s*\n\s*(pub(\([^)]*\))?\s+)?mod\s", text, re.M)
    if cut:
        text = text[: cut.start()]
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif text.startswith("/*", i):
            depth, i = 1, i + 2
            while i < n and depth:
                if text.startswith("/*", i):
                    depth, i = depth + 1, i + 2
                elif text.startswith("*/", i):
                    depth, i = depth - 1, i + 2
                else:
                    i += 1
        elif c == "r" and re.match(r'r#*"', text[i:i + 10]) and (i == 0 or not re.match(r"[A-Za-z0-9_]", text[i - 1])):
            m = re.match(r'r(#*)"', text[i:])
            end = '"' + m.group(1)
            j = text.find(end, i + len(m.group(0)))
            i = n if j < 0 else j + len(end)
            out.append('""')
        elif c == "b" and text.startswith('b"', i) and (i == 0 or not re.match(r"[A-Za-z0-9_]", text[i - 1])):
            i += 1
        elif c == '"':
            i += 1
            while i < n and text[i] != '"':
                i += 2 if text[i] == "\\" else 1
            i += 1
            out.append('""')
        elif c == "'":
            m = re.match(r"'(\\.[^']*|[^\\'])'", text[i:])
            if m:
                i += len(m.group(0))
                out.append("' '")
            else:
                out.append(c)
                i += 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def crate_modules(src):
    """Module path (tuple) -> file, for every file module under src."""
    modules = {}
    for root, _, files in os.walk(src):
        for name in files:
            if not name.endswith(".rs"):
                continue
            path = os.path.join(root, name)
            rel = os.path.relpath(path, src)[:-3].split(os.sep)
            if rel in (["lib"], ["main"]):
                key = ()
            elif rel[-1] == "mod":
                key = tuple(rel[:-1])
            else:
                key = tuple(rel)
            if key == () and rel == ["main"] and () in modules:
                continue
            modules[key] = path
    return modules


def expand_use(tree, prefix=()):
    """`a::{b, c::d as e}` -> [(path, alias)]."""
    tree = tree.strip()
    if not tree:
        return []
    depth = 0
    for k, ch in enumerate(tree):
        if ch == "{":
            if depth == 0:
                head = tree[:k].rstrip(":").strip()
                inner = tree[k + 1: tree.rfind("}")]
                base = prefix + tuple(s for s in head.split("::") if s)
                parts, d, start = [], 0, 0
                for m, c2 in enumerate(inner):
                    if c2 == "{":
                        d += 1
                    elif c2 == "}":
                        d -= 1
                    elif c2 == "," and d == 0:
                        parts.append(inner[start:m])
                        start = m + 1
                parts.append(inner[start:])
                result = []
                for part in parts:
                    result += expand_use(part, base)
                return result
            depth += 1
    alias = None
    m = re.match(r"(.*?)\s+as\s+(" + IDENT + r")$", tree)
    if m:
        tree, alias = m.group(1), m.group(2)
    path = prefix + tuple(s.strip() for s in tree.split("::") if s.strip())
    if path and path[-1] == "self":
        path = path[:-1]
    if not path:
        return []
    return [(path, alias or path[-1])]


def resolve(path, here, modules, imports):
    """The module a path lands in, or None when it leaves the crate."""
    if not path:
        return None
    first, rest = path[0], list(path[1:])
    if first == "crate":
        base = ()
    elif first == "super":
        base = here[:-1]
        while rest and rest[0] == "super":
            base, rest = base[:-1], rest[1:]
    elif first == "self":
        base = here
    elif here + (first,) in modules:
        base, rest = here + (first,), rest
    elif first in imports:
        target = imports[first]
        return resolve(target + tuple(rest), here, modules, {})
    else:
        return None
    full = base + tuple(rest)
    while full not in modules:
        full = full[:-1]
    return full


TEST_MOD = re.compile(r"#\[cfg\(test\)\]\s*(?:pub(?:\([^)]*\))?\s+)?mod\s+(" + IDENT + r")\s*;")
IMPURE = re.compile(r"\bstd\s*::\s*(fs|process|net|env)\b|\buse\s+std\s*::\s*\{[^;]*\b(fs|process|net|env)\b")


def test_modules(modules):
    """Modules declared `#[cfg(test)] mod name;` and everything under them: test code."""
    tests = set()
    for key, file in modules.items():
        for m in TEST_MOD.finditer(open(file, encoding="utf-8").read()):
            tests.add(key + (m.group(1),))
    return {k for k in modules if any(k[: len(t)] == t for t in tests)}


def impure_lines(file):
    code = strip_code(open(file, encoding="utf-8").read())
    return [code.count("\n", 0, m.start()) + 1 for m in IMPURE.finditer(code)]


def edges_of(path_key, file, modules):
    code = strip_code(open(file, encoding="utf-8").read())
    imports, targets = {}, set()
    for m in re.finditer(r"\buse\s+([^;]+);", code):
        for used, alias in expand_use(m.group(1)):
            if used[-1] == "*":
                used = used[:-1]
            target = resolve(used, path_key, modules, {})
            if target is not None:
                imports[alias] = used if used[0] != "self" else path_key + used[1:]
                targets.add(target)
    for m in re.finditer(r"(?<![A-Za-z0-9_:])(" + IDENT + r"(?:\s*::\s*" + IDENT + r")+)", code):
        segments = tuple(s.strip() for s in m.group(1).split("::"))
        target = resolve(segments, path_key, modules, imports)
        if target is not None:
            targets.add(target)
    # A module may use itself and what it declares.
    return {t for t in targets if t[: len(path_key)] != path_key}


def cycles(graph):
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main(args):
    pure, dirs = [], []
    while args:
        if args[0] == "--pure" and len(args) > 1:
            pure.append(args[1])
            dirs.append(args[1])
            args = args[2:]
        else:
            dirs.append(args[0])
            args = args[1:]
    failed = False
    for src in pure:
        modules = crate_modules(src)
        tests = test_modules(modules)
        for key in sorted(set(modules) - tests):
            for line in impure_lines(modules[key]):
                failed = True
                print(f"{os.path.relpath(modules[key])}:{line}: the pure core names the file system, a process, the network or the environment")
    for src in dirs:
        modules = crate_modules(src)
        for key in test_modules(modules):
            del modules[key]
        graph = {k: edges_of(k, f, modules) for k, f in modules.items()}
        found = cycles(graph)
        for comp in found:
            failed = True
            names = [os.path.relpath(modules[k], src) for k in comp]
            print(f"{src}: a cycle among {len(comp)} modules: {', '.join(names)}")
            members = set(comp)
            for k in comp:
                for t in sorted(graph[k] & members):
                    print(f"    {os.path.relpath(modules[k], src)} -> {os.path.relpath(modules[t], src)}")
        if not found:
            print(f"{src}: {len(modules)} modules, no cycle")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
