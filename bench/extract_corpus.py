#!/usr/bin/env python3
"""Builds the `large` benchmark corpus from the Arabic translations installed on this
machine (/usr/share/locale/ar/LC_MESSAGES/*.mo): every translated string that is mostly
Arabic, one paragraph a line. The text belongs to the translated projects, so it is
extracted at build time and never committed.

usage: extract_corpus.py OUTPUT [MIN_CHARS]
"""
import glob
import struct
import sys


def mo_strings(path):
    """Yields the translated strings of one GNU .mo catalogue."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 28:
        return
    magic = struct.unpack("<I", data[:4])[0]
    endian = "<" if magic == 0x950412DE else ">"
    _, count, _, translations = struct.unpack(endian + "4I", data[4:20])
    for i in range(count):
        length, offset = struct.unpack(endian + "2I", data[translations + 8 * i:translations + 8 * i + 8])
        raw = data[offset:offset + length]
        for part in raw.split(b"\0"):  # plural forms are NUL-separated
            try:
                yield part.decode("utf-8")
            except UnicodeDecodeError:
                continue


def is_arabic_prose(text):
    letters = [c for c in text if c.isalpha()]
    arabic = [c for c in letters if "\u0600" <= c <= "\u06ff"]
    return len(arabic) >= 8 and len(arabic) >= 0.6 * len(letters)


def main():
    output = sys.argv[1]
    min_chars = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    seen = set()
    paragraphs = []
    for path in sorted(glob.glob("/usr/share/locale/ar/LC_MESSAGES/*.mo")):
        for s in mo_strings(path):
            s = " ".join(s.split())  # one paragraph a line
            if s and s not in seen and is_arabic_prose(s):
                seen.add(s)
                paragraphs.append(s)
    text = "\n".join(paragraphs) + "\n"
    chars = len(text)
    if chars < min_chars // 5:
        sys.exit(f"extract_corpus: only {chars} characters of Arabic found in "
                 f"/usr/share/locale/ar/LC_MESSAGES (need {min_chars})")
    if chars < min_chars:
        print(f"extract_corpus: warning: {chars} characters, fewer than {min_chars}")
    with open(output, "w", encoding="utf-8") as f:
        f.write(text)
    print(f"extract_corpus: {len(paragraphs)} paragraphs, {chars} characters -> {output}")


if __name__ == "__main__":
    main()
