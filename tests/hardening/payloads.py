"""Hostile values by class: each class is a name (it appears in the test ids) and its values.

Values are text as a browser would send it; `RAW` classes are already percent-encoded bytes
(invalid UTF-8, lone surrogates) that a str cannot carry, sent as they are on the wire.
"""

from __future__ import annotations

from tests.forum.xss_payloads import PAYLOADS as FORUM_XSS

# One moderately sized value per pathological Markdown shape: enough to expose super-linear
# parsing or recursion, small enough to stay cheap when the renderer is bounded.
MARKDOWN = {
    "brackets": "[" * 5000,
    "link-openers": "[a](" * 2000,
    "image-openers": "![" * 3000,
    "quotes-nested": ">" * 1000 + " deep",
    "emphasis": "*_" * 3000,
    "backticks": "`" * 5000,
    "angle": "<" * 5000,
    "list-nested": "\n".join(" " * (2 * i) + "- x" for i in range(300)),
    "html-nested": "<div>" * 2000,
    "refs": "\n".join(f"[r{i}]: http://x/{i}" for i in range(2000)) + "\n[r1999][]",
    "table": "|" * 4000 + "\n" + "|-" * 2000,
}

STRINGS: dict[str, list[str]] = {
    "empty": [""],
    "whitespace": [" \t\n\r\u00a0\u3000"],
    "huge": ["A" * 100_000, "é" * 20_000],
    "nul-control": ["abc\x00def", "\x00", "\x01\x02\x1b[31m\x7f\x08"],
    "rtl-zero-width": ["\u202egnp.exe", "a\u200bb\u200c\u200d\ufeffc", "\u2066x\u2069\u061c"],
    "confusables": ["раураl", "ｇｉｕｌｉａ", "redazione\u0301", "ᴀᴅᴍɪɴ"],
    "unicode-normalisation": ["e\u0301", "ﬁ ß İ ǅ", "\u212b\u00c5", "\U0001f600" * 50],
    "sql": [
        "' OR 1=1--",
        '"; DROP TABLE auth_user;--',
        "1) UNION SELECT password FROM auth_user--",
    ],
    "like-wildcards": ["%", "_", "%%_%\\", "[a-z]*?"],
    "search-syntax": ['"', 'a AND OR NOT "b', "NEAR(a b", "*", "col:val ^ (((", "-", "\\"],
    "format-strings": ["%s%s%s%n", "{0.__class__}", "%(password)s", "{{ 7*7 }}", "{% debug %}"],
    "xss": FORUM_XSS[::6],  # a spread of the forum's corpus; all of it runs in the browser test
    "attribute-breaking": [
        '" onmouseover="alert(1)',
        "' autofocus onfocus='alert(1)",
        "</title><script>alert(1)</script>",
        "</textarea><svg onload=alert(1)>",
        "javascript:alert(1)",
    ],
    "path-traversal": [
        "../../../../etc/passwd",
        "..\\..\\win.ini",
        "/etc/passwd",
        "file:///etc/passwd",
    ],
    "crlf": ["a\r\nSet-Cookie: x=1", "x@example.org\r\nBcc: victim@example.org", "\r\n\r\n<h1>"],
    "open-redirect": ["//evil.example/", "https://evil.example", "/\\evil.example", "\\\\evil"],
    "markdown": list(MARKDOWN.values()),
    "dates": ["0000-00-00", "9999-12-31", "10000-01-01", "-0001-01-01", "2026-02-30", "1e9"],
}

INTS: dict[str, list[str]] = {
    "int-huge": ["9" * 40],
    "int-bigint-overflow": [str(2**63)],
    "int-int32-overflow": [str(2**31)],
    "int-negative": ["-1", "-" + "9" * 30],
    "int-zero": ["0", "000"],
    "int-float": ["1.5", "1e400", "NaN", "-Infinity"],
    "int-non-numeric": ["abc", "١٢٣", "１２", " 1 ", "+1", "0x10"],
}

# Percent-encoded on the wire: bytes no Python str can carry through the test client.
RAW: dict[str, list[str]] = {
    "invalid-utf8": ["%FF%FE%FD", "%C0%AF", "abc%80"],
    "surrogates": ["%ED%A0%80", "a%ED%BF%BFb"],
    "nul-encoded": ["%00", "a%00b"],
}

# Only digits reach an <int:…> converter; anything else is the resolver's 404.
INT_SEGMENTS: dict[str, str] = {
    "int-huge": "9" * 40,
    "int-bigint-overflow": str(2**63),
    "int-int32-overflow": str(2**31),
    "int-zero": "0",
    "int-leading-zeros": "0000000001",
}

# Raw (already quoted) values put in a str/slug/path segment.
STR_SEGMENTS: dict[str, str] = {
    "huge": "a" * 3000,
    "path-traversal": "..%2F..%2F..%2Fetc%2Fpasswd",
    "dot-segments": "..",
    "nul": "a%00b",
    "invalid-utf8": "%FF%FE%C0%AF",
    "surrogates": "%ED%A0%80",
    "rtl-zero-width": "%E2%80%AEgnp%E2%80%8B",
    "fullwidth": "%EF%BD%87%EF%BD%89%EF%BD%95",
    "sql": "%27%20OR%201%3D1--",
    "xss": "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "crlf": "a%0D%0ASet-Cookie:%20x=1",
    "int-huge": "9" * 40,
}


def string_cases() -> list[tuple[str, int, str]]:
    """(class, index, value) of every text value."""
    return [(name, i, v) for name, values in STRINGS.items() for i, v in enumerate(values)]


def int_cases() -> list[tuple[str, int, str]]:
    return [(name, i, v) for name, values in INTS.items() for i, v in enumerate(values)]


def raw_cases() -> list[tuple[str, int, str]]:
    return [(name, i, v) for name, values in RAW.items() for i, v in enumerate(values)]


def is_script_payload(value: str) -> bool:
    """A value that would run if shown raw (the check for escaping looks for it verbatim)."""
    lowered = value.lower()
    return "<" in value and any(m in lowered for m in ("alert(", "script", "onerror", "onload"))
