#!/usr/bin/env python3
"""Writes the seed inputs of the layout fuzzer into tests/fuzz/corpus/layout/seed-*.

Each seed is the 8-byte option header described at the top of layout_fuzzer.cpp,
optional feature and span bytes, then the text. Reproducers of past bugs (repro-*) are
kept in the same folder but not generated here. Run again after changing the header
format; the seeds are small so the corpus stays quick to replay.
"""
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus", "layout")
ASTANA = os.path.join(HERE, "..", "..", "examples", "astana.txt")

ALIGN = {"start": 0, "end": 1, "left": 2, "right": 3, "center": 4, "justify": 5}
JUSTIFY = {"auto": 0, "kashida": 1, "spaces": 2}
DIGITS = {"latin": 0, "arabic": 1, "persian": 2}
DIRECTION = {"auto": 0, "ltr": 1, "rtl": 2}
CHAIN = {"bundled": 0, "sans": 1, "naskh": 2, "reversed": 3}
FEATURES = {"none": 0, "input": 1, "fixed1": 2, "fixed2": 3}
LANGUAGE = {"none": 0, "ar": 1, "fa": 2, "ur": 3}
LINE_HEIGHT = {1.0: 0, 1.5: 1, 0.5: 2, 2.0: 3, 3.0: 4, 0.25: 5, 100.0: 7}
ELLIPSIS = {"default": 0, "dots": 1, "none": 2, "tatweel": 3}
MARGIN = {16: 0, 0: 1, 1: 2, 40: 3}


def span(start, end, color=False, size=None, fonts=0, features=None, chars=True):
    """One span over characters [start, end) of the seed's text (or bytes if chars is
    False, to make ranges that split a character): fonts 0 none, 1 bundled, 2 sans,
    3 naskh, 4 empty (invalid); size in half px (0 is invalid); features 0..3 picks a
    fixed set."""
    style = (1 if color else 0) | (2 if size is not None else 0) | (fonts << 2)
    if features is not None:
        style |= 0x20 | (features << 6)
    return (start, end, chars, style, size or 0)


def byte_offset(text, index):
    return len(text[:index].encode("utf-8"))


def seed(text, align="start", justify="auto", optimal=False, digits="latin", max_lines=0,
         direction="auto", strict=False, render=False, uncached=False, width=0, size=32,
         spans=(), chain="bundled", features="none", feature_text=b"", language="none",
         line_height=1.0, ellipsis="default", margin=16, png=False, repeat=False,
         rewrap=False, reline=False):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    b0 = ALIGN[align] | JUSTIFY[justify] << 3 | (0x20 if optimal else 0) | DIGITS[digits] << 6
    b1 = (max_lines | DIRECTION[direction] << 3 | (0x20 if strict else 0) |
          (0x40 if render else 0) | (0x80 if uncached else 0))
    b5 = min(len(spans), 2) | CHAIN[chain] << 2 | FEATURES[features] << 4 | LANGUAGE[language] << 6
    b6 = LINE_HEIGHT[line_height] | ELLIPSIS[ellipsis] << 3 | MARGIN[margin] << 5 | (0x80 if png else 0)
    b7 = (3 if repeat else 0) | (4 if rewrap else 0) | (8 if reline else 0)
    out = bytes([b0, b1]) + struct.pack("<H", width) + bytes([(size - 1) % 200, b5, b6, b7])
    if features == "input":
        out += bytes([len(feature_text)]) + feature_text
    for start, end, chars, style, span_size in spans:
        if chars:
            start, end = byte_offset(text, start), byte_offset(text, end)
        out += struct.pack("<HHBB", start, end, style, span_size)
    return out + raw


def main():
    with open(ASTANA, encoding="utf-8") as f:
        astana = f.read()
    lines = [l for l in astana.splitlines() if l]
    title = lines[0]
    para = lines[1]
    short = para[:120]
    mixed = "قال إن 1.5 كيلومتر (km) داخل «الرقة» في 12 يونيو 2017 — Astana talks, round 5."

    seeds = {
        # Plain Arabic from the example text, in the main configurations.
        "astana-title": seed(title),
        "astana-wrap-greedy": seed(para, width=400, size=24),
        "astana-wrap-optimal": seed(para, width=400, size=24, optimal=True),
        "astana-justify-auto": seed(para, align="justify", width=360, size=22),
        "astana-justify-kashida-optimal": seed(para, align="justify", justify="kashida",
                                               optimal=True, width=300, size=20),
        "astana-justify-spaces": seed(para, align="justify", justify="spaces", width=500,
                                      size=18, render=True),
        "astana-truncate-2": seed(para, width=300, max_lines=2, render=True, png=True),
        "astana-truncate-1-dots": seed(para, width=250, max_lines=1, ellipsis="dots"),
        "astana-truncate-tatweel-ellipsis": seed(short, width=200, max_lines=3,
                                                 ellipsis="tatweel", align="justify"),
        "astana-three-paragraphs": seed("\n".join(lines[:3])[:900], width=600, size=16,
                                        align="center", uncached=True),
        "astana-narrow": seed(short, width=1, size=12),
        "astana-narrow-optimal-justify": seed(short, width=37, optimal=True, align="justify"),
        "astana-persian-digits": seed(lines[5][:200], digits="persian", language="fa",
                                      width=420),
        "astana-arabic-digits-render": seed(lines[4][:160], digits="arabic", width=500,
                                            size=20, render=True, language="ar"),
        "astana-huge-font": seed(title, size=200, width=2000, render=True),
        "astana-tiny-font": seed(para[:300], size=1, width=10, align="justify"),
        "astana-sans-only": seed(short, chain="sans", width=300),
        "astana-reversed-chain": seed(mixed, chain="reversed", width=300, render=True),
        "astana-line-height-100": seed(short, line_height=100.0, width=200, max_lines=2),
        "astana-line-height-quarter": seed(short, line_height=0.25, width=200,
                                           render=True),
        "astana-features": seed(short, features="fixed1", width=300),
        "astana-features-input": seed(short, features="input", feature_text=b"+ss01,kern=0",
                                      width=300),
        "astana-bad-features": seed(short, features="input", feature_text=b"@@,=,-",
                                    width=300),
        "astana-strict": seed(short, strict=True, width=300),
        # Mixed scripts, numbers and punctuation.
        "mixed-ltr": seed(mixed, direction="ltr", width=250),
        "mixed-rtl-justify": seed(mixed, direction="rtl", align="justify", width=250,
                                  uncached=True),
        "mixed-end-center": seed(mixed, align="end", width=700),
        "mixed-right-optimal": seed(mixed * 3, align="right", optimal=True, width=320),
        "mixed-arabic-digits": seed(mixed, digits="arabic", width=300, render=True),
        "english": seed("The quick brown fox jumps over the lazy dog. " * 4, width=200,
                        align="justify", justify="spaces"),
        "numbers": seed("١٢٣ 456 ٧٫٨٩ +1-555-0100 3.14% 10:30 ١٠٬٠٠٠", width=150,
                        digits="persian"),
        # Styled spans, valid and invalid.
        "spans-size-color": seed(short, width=300, render=True, spans=[
            span(0, 20, color=True, size=64), span(10, 60, fonts=2)]),
        "spans-mid-word": seed(title, width=200, spans=[
            span(2, 8, size=90), span(8, 10, color=True)]),
        "spans-features": seed(mixed, width=260, align="justify", spans=[
            span(0, 30, features=1), span(20, 50, features=2, fonts=3)]),
        "spans-inside-char": seed(title, spans=[span(1, 4, color=True, chars=False)]),
        "spans-past-end": seed("abc", spans=[span(2, 5, size=10, chars=False)]),
        "spans-reversed": seed("abcdef", spans=[span(4, 2)]),
        "spans-zero-size": seed("abcdef", spans=[span(0, 3, size=0)]),
        "spans-empty-fonts": seed("abcdef", spans=[span(0, 3, fonts=4)]),
        "spans-truncate": seed(para[:400], width=300, max_lines=2, spans=[
            span(0, 200, size=20, color=True), span(150, 300, size=80)]),
        "spans-empty-range": seed("مرحبا world", spans=[span(4, 4, size=40)]),
        # Invalid UTF-8, lenient and strict.
        "utf8-invalid-lenient": seed(b"ab\xff\xfe\xc0\xaf \xe0\x80\x80 \xed\xa0\x80 \xf4\x90\x80\x80"
                                     b" \xf0\x9f\x98 \xd8\xa7\xd9", width=100),
        "utf8-invalid-strict": seed(b"\xd8\xa7\xd9\x84 \xc3\x28 ok", strict=True),
        "utf8-truncated-tail-strict": seed(b"\xd8\xa7\xd9\x84\xd9", strict=True),
        "utf8-stray-continuation": seed(b"\x80\x80\x80\xbf" * 8 + "سلام".encode(), width=80,
                                        max_lines=1),
        "utf8-surrogates-lenient": seed(b"\xed\xa0\x80\xed\xb0\x80 \xd8\xa8", align="justify",
                                        width=40),
        "utf8-invalid-span": seed(b"a\xffb\xe0\x80c", spans=[
            span(1, 2, size=40, chars=False), span(3, 5, color=True, chars=False)]),
        "utf8-astral": seed("𝐀𝐁 😀 👨‍👩‍👧 \U0010FFFD \U0001EE00ب", width=60, render=True),
        # Bidi controls and brackets.
        "bidi-deep-embeddings": seed("\u202b" * 130 + "abc" + "\u202a" * 130 + "أبت" +
                                     "\u202c" * 100, width=100),
        "bidi-isolates-unbalanced": seed("\u2067\u2066\u2068abc\u2069 نص \u2069\u2069\u202e"
                                         "x\u202c\u2069", width=50),
        "bidi-rlo-brackets": seed("\u202e(abc [def] {ghi})\u202c \u202d(أ [ب] {ت})\u202c",
                                  width=90, align="justify"),
        "bidi-rli-mixed-brackets": seed("\u2067(ab[cd)ef]\u2069 «نص (1 2) [٣]»", width=120),
        "bidi-marks": seed("\u200f\u200e\u061c a \u200f1\u200e ب", direction="rtl"),
        "bidi-isolate-overflow": seed("\u2066" * 200 + "z" + "\u2069" * 10, max_lines=2,
                                      width=30),
        # Marks, joiners, tatweel.
        "marks-only": seed("\u064b\u064c\u064d\u0651\u0652\u0670\u0300\u0301" * 6, width=20),
        "marks-leading": seed("\u0651بَ \u0301a\u0670", align="justify", width=30),
        "zwj-zwnj": seed("ب\u200dب\u200cب \u200d\u200c\u200d لا\u200dم", width=40,
                         align="justify", justify="kashida"),
        "tatweel-run": seed("بـــــــــــــت " * 10, width=150, align="justify"),
        "tatweel-only": seed("ـ" * 200, width=50, justify="kashida", align="justify",
                             optimal=True),
        "lam-alef": seed("لا لأ لإ لآ ﻻ ﻷ " * 8, width=100, align="justify",
                         justify="kashida"),
        # Separators, controls and whitespace.
        "crlf-mix": seed("سطر\r\nline\rآخر\n\r\n\u2029x\u0085y\x1c\x1dz\n", width=100,
                         max_lines=5),
        "nuls": seed(b"\x00a\x00\xd8\xa8\x00 \x00\x00\n\x00", width=10, render=True),
        "controls": seed(bytes(range(0, 32)) + b"\x7f" + "\u0080\u009f".encode(), width=60),
        "only-newlines": seed("\n\n\r\n\n", max_lines=3),
        "only-spaces": seed(" " * 100 + "\t" * 20, width=10, align="justify"),
        "trailing-spaces-rtl": seed("نص     \u3000\u3000   ", align="right", width=40),
        "nbsp-and-soft-hyphen": seed("كلمة\u00a0كلمة\u00adكلمة\u2007\u202fend", width=30),
        "empty": seed(""),
        "empty-truncate": seed("", max_lines=1, width=5),
        # Long words, tiny widths, many lines.
        "long-word-latin": seed("a" * 1500, width=50, optimal=True),
        "long-word-arabic": seed("بتث" * 300, width=90, align="justify", max_lines=4),
        "many-short-lines": seed("ا " * 600, width=3, optimal=True, align="justify"),
        "cjk-and-thai": seed("中文文本 ภาษาไทยไม่มีช่องว่าง 한국어", width=40),
        "devanagari-fallback": seed("हिन्दी नमस्ते ਪੰਜਾਬੀ", width=50, chain="naskh"),
        "max-width": seed(mixed * 6, width=2000, size=200, render=True, margin=0),
        "no-margin-render": seed("ab", render=True, margin=0, png=True),
        # Repeats with the shared context: paragraph cache hits, re-wraps at a new width.
        "repeat-astana": seed("\n".join(lines[:2])[:600], width=500, repeat=True),
        "repeat-rewrap-justify": seed(para[:500], width=420, align="justify", repeat=True,
                                      rewrap=True),
        "repeat-rewrap-truncate": seed(para[:500], width=300, max_lines=2, repeat=True,
                                       rewrap=True, reline=True, optimal=True),
        "repeat-mixed-rtl": seed(mixed + "\n" + mixed, direction="rtl", repeat=True,
                                 rewrap=True, digits="persian", language="fa"),
        "repeat-uncached-marks": seed("\u0651بَ \u0301a\u0670 g(6)\u0670 ا'\u0745",
                                      repeat=True, uncached=True, digits="arabic"),
        "render-uncached-spans": seed(mixed, render=True, uncached=True, width=300,
                                      spans=[span(0, 10, color=True)]),
    }
    os.makedirs(CORPUS, exist_ok=True)
    for name in os.listdir(CORPUS):
        if name.startswith("seed-"):
            os.remove(os.path.join(CORPUS, name))
    for name, data in seeds.items():
        assert len(data) <= 4096, name
        with open(os.path.join(CORPUS, "seed-" + name), "wb") as f:
            f.write(data)
    print(f"wrote {len(seeds)} seeds to {CORPUS}", file=sys.stderr)


if __name__ == "__main__":
    main()
