#!/usr/bin/python3
"""Writes the seed inputs of the spans fuzzer into tests/fuzz/corpus/spans/seed-*.

Each seed is one option byte (bit 0 markup, bits 1-2 wrap width, bit 3 render; see
spans_fuzzer.cpp) followed by markup, or by a text, a NUL byte and a spans JSON file. The
seeds cover every key and attribute the readers know, and the ways they refuse input.
"""
import glob
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus", "spans")
TEXT = "إرجاء محادثات أستانا بمشاركة Russia في 2017"
NASKH = "fonts/NotoNaskhArabic-Regular.ttf"

MARKUP = {
    "plain": "سلام",
    "color": '<span color="#c00">س</span>لام',
    "nested": '<span size="40">بم<span color="green">شا</span>ركة</span> word',
    "all-attributes": '<span color="#12345678" size="20" font="%s" features="-liga">لا ما</span>' % NASKH,
    "named-colors": '<span color="rebeccapurple">أ</span><span color="transparent">ب</span>',
    "entities": "a &lt; b &amp; c &gt; d &quot;&apos;&#1587;&#x644;",
    "deep": "<span>" * 40 + "ب" + "</span>" * 40,
    "unclosed": "<span>سلام",
    "bad-attribute": '<span weight="bold">س</span>',
    "bad-size": '<span size="0.0001">بببب</span> <span size="2048">ببب</span>',
    "invalid-utf8": b"<span>\xff\xfe</span>".decode("latin-1"),
    "kashida-sizes": '<span size="1">بببب بببب</span> <span size="200">بببببب</span>',
}

JSON = {
    "one": [{"start": 0, "end": 4, "color": "#cc0000"}],
    "all-keys": [{"start": 0, "end": 10, "color": "#00f8", "font-size": 48, "font": [NASKH],
                  "features": "+ss01"}],
    "overlapping": [{"start": 0, "end": 20, "font-size": 20}, {"start": 10, "end": 30,
                                                                "color": "red"}],
    "past-end": [{"start": 0, "end": 1000}],
    "inside-char": [{"start": 1, "end": 3}],
    "reversed": [{"start": 8, "end": 2}],
    "duplicate-key": '[{"start": 0, "start": 1, "end": 2}]',
    "unknown-key": '[{"start": 0, "end": 2, "weight": 700}]',
    "not-array": '{"start": 0}',
    "numbers": '[{"start": 0e0, "end": 4.0, "font-size": 1e2}]',
    "escapes": '[{"start": 0, "end": 2, "color": "\\u0023fff"}]',
    "deep": "[" * 100 + "]" * 100,
    "empty": "[]",
}


def write(name, option, data):
    with open(os.path.join(CORPUS, "seed-%s" % name), "wb") as f:
        f.write(bytes([option]) + data)


def main():
    os.makedirs(CORPUS, exist_ok=True)
    for old in glob.glob(os.path.join(CORPUS, "seed-*")):
        os.remove(old)
    for i, (name, markup) in enumerate(sorted(MARKUP.items())):
        data = markup.encode("latin-1") if name == "invalid-utf8" else markup.encode()
        write("markup-" + name, 1 | (i % 4) << 1 | (8 if i % 3 == 0 else 0), data)
    for i, (name, spans) in enumerate(sorted(JSON.items())):
        text = spans if isinstance(spans, str) else json.dumps(spans)
        write("json-" + name, (i % 4) << 1 | (8 if i % 3 == 0 else 0),
              TEXT.encode() + b"\0" + text.encode())
    write("json-fixed-text", 0, b'[{"start": 0, "end": 2, "color": "#0f0"}]')


if __name__ == "__main__":
    main()
