"""Pathological forum markup, each class filled up to a given size (the largest post allowed).

Modelled on CommonMark's pathological tests (cmark's test/pathological_tests.py) plus what
reaches nh3 or our own checks: raw HTML nesting, tables that cmark pads, remote images.
"""

from __future__ import annotations

from collections.abc import Callable


def fill(unit: str, size: int, head: str = "", tail: str = "") -> str:
    """head + unit repeated + tail, at most `size` characters."""
    return head + unit * max(1, (size - len(head) - len(tail)) // len(unit)) + tail


def mirrored(opening: str, middle: str, closing: str, size: int) -> str:
    """opening×n + middle + closing×n: nesting as deep as the size allows."""
    n = max(1, (size - len(middle)) // (len(opening) + len(closing)))
    return opening * n + middle + closing * n


def growing(piece: Callable[[int], str], size: int) -> str:
    """piece(0) + piece(1) + … while it fits."""
    out, total, i = [], 0, 0
    while total + len(part := piece(i)) <= size:
        out.append(part)
        total += len(part)
        i += 1
    return "".join(out)


def classes(size: int, depth: int) -> dict[str, str]:
    """{"family: what": source}; `depth` is the nesting cap (its variants sit just under it)."""
    quotes_at_cap = "> " * (depth - 2) + "citazione\n\n"
    lists_at_cap = "".join("  " * i + "* voce\n" for i in range(depth // 2 - 1)) + "\n"
    header = "| a | b | c | d |\n|---|:-:|--:|---|\n"
    wide = "|a" * 100 + "|\n" + "|-" * 100 + "|\n"
    prose = "Il tavolo lungo è libero *domani* dalle 9, [vedi](/spazi/). "
    return {
        "brackets: `[` run": fill("[", size),
        "brackets: `[a` run": fill("[a", size),
        "brackets: `a]` run": fill("a]", size),
        "brackets: nested `[[…a…]]`": mirrored("[", "a", "]", size),
        "brackets: `[ (](` pattern": fill("[ (](", size),
        "brackets: `![` run": fill("![", size),
        "brackets: unclosed `[a](b`": fill("[a](b", size),
        "brackets: unclosed `[a](<b`": fill("[a](<b", size),
        "emphasis: `*` run": fill("*", size),
        "emphasis: `*_` alternating": fill("*_", size),
        "emphasis: openers `_a `": fill("_a ", size),
        "emphasis: closers `a_ `": fill("a_ ", size),
        "emphasis: mismatched `*a_ `": fill("*a_ ", size),
        "emphasis: nested `*a **a`": mirrored("*a **a ", "b", " a** a*", size),
        "emphasis: `c* ` multiple of 3": fill("c* ", size, head="a**b"),
        "emphasis: links and `[ a_`": fill("[ a_", size),
        "emphasis: strikethrough `~~a `": fill("~~a ", size),
        "emphasis: backtick runs": growing(lambda i: "e" + "`" * (i + 1), size),
        "nesting: `> ` quotes (over cap)": fill("> ", size, tail="a"),
        "nesting: indented `*` lists (over cap)": growing(lambda i: "  " * i + "* a\n", size),
        "nesting: `1. ` lists on a line (over cap)": fill("1. ", size, tail="a"),
        "nesting: `> * ` mixed (over cap)": fill("> * ", size, tail="a"),
        "nesting: quotes at the cap, repeated": fill(quotes_at_cap, size),
        "nesting: lists at the cap, repeated": fill(lists_at_cap, size),
        "nesting: raw `<div>` (over cap)": fill("<div>", size),
        "nesting: raw `<ul>` (over cap)": fill("<ul>", size),
        "nesting: raw `<dd><li>` (over cap)": fill("<dd><li>", size),
        "nesting: raw `<rt>` (over cap)": fill("<rt>", size),
        "nesting: raw `<i>` open in list items (over cap)": fill("* <i>voce\n", size),
        "nesting: raw `<dl>` in paragraphs (over cap)": fill("voce <dl>\n\n", size),
        "nesting: raw `<b title=n>` across paragraphs (over cap)": growing(
            lambda i: f"<b title={i}>" + ("x\n\n" if i % 20 == 19 else ""), size
        ),
        "entities: `&amp;`": fill("&amp;", size),
        "entities: `&#9;` numeric": fill("&#9;", size),
        "entities: bare `&`": fill("&", size),
        "entities: unterminated `&#9999999`": fill("&#9999999", size),
        "entities: long names `&aaaa…;`": fill("&" + "a" * 40 + ";", size),
        "html: unclosed `<!--`": fill("<!--", size, head="</"),
        "html: unclosed `<a ` tags": fill("<a ", size),
        "html: unclosed `<![CDATA[`": fill("<![CDATA[", size),
        "html: closed inline tags `<b>a</b>`": fill("<b>a</b> ", size),
        "links: one long URL": fill("x", size, head="[a](http://example.com/", tail=")"),
        "links: one long autolink": fill("a", size, head="<http://example.com/", tail=">"),
        "links: one long title": fill("t", size, head='[a](/u "', tail='")'),
        "links: a reference used everywhere": fill("[a]", size, head="[a]: /" + "u" * 400 + "\n\n"),
        "links: bare URLs": fill("http://example.com/a ", size),
        "links: `www.` runs": fill("www.", size),
        "links: email-like runs": fill("a@b.", size),
        "tables: wide header": "|" + "a|" * (size // 4 - 1) + "\n|" + "-|" * (size // 4 - 1),
        "tables: many rows": fill("| 1 | 2 | 3 | 4 |\n", size, head=header),
        "tables: rows of pipes": fill("|" * 50 + "\n", size, head=header),
        "tables: padded to the header (over cap)": fill("a\n", size, head=wide),
        "tables: delimiter rows alone": fill("|-\n\n", size),
        "tables: many small tables": fill("|a|\n|-|\n\n", size),
        "images: remote images": fill("![gatto](https://immagini.example/gatto.png) ", size),
        "images: same-site images": fill("![pianta](/media/pianta.png) ", size),
        "text: newline runs": fill("a\n", size),
        "text: code fences": fill("```\na\n", size),
        "text: ordinary prose": fill(prose, size),
    }
