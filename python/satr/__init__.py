"""satr — Arabic and bidirectional text layout, rendered to PNG.

Lay out UTF-8 text (Arabic, Latin, digits, mixed directions) into lines of positioned
glyphs, then draw it::

    import satr
    layout = satr.layout("مرحبا بالعالم — hello 2024", width=400)
    for line in layout.lines:
        for run in line.runs:          # visual order, left to right
            print(run.level, [g.cluster_index for g in run.glyphs])
    layout.render().save("hello.png")

All lengths are px. Offsets come twice: ``start``/``end``/``cluster`` are UTF-8 byte
offsets (as in the C++ API and the JSON output), ``start_index``/``end_index``/
``cluster_index`` are indices into the Python str.

Editing geometry works on str indices too: ``Layout.hit_test(x, y)``,
``Layout.caret(index)``, ``Layout.move_visually(index, +1)`` and
``Layout.selection_rects(start, end)``, in layout coordinates (no render margin).

Errors are exceptions derived from :class:`satr.Error` and from the built-in one you would
expect: FileNotFoundError for a missing font, OSError for an unusable font or a failed
write, ValueError for bad options, invalid UTF-8 (strict mode) and exceeded limits,
TypeError for arguments of the wrong type, RuntimeError (InternalError) when ICU, FreeType
or libpng fail where no input explains it.

Layout and rendering release the GIL, so several threads can work at once; Font,
FontCollection, Layout and Image objects are immutable and may be shared between threads
(an Image's pixels are writable through the buffer protocol; don't write them while
another thread saves the image).
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterable, Mapping
from typing import Any, Optional, Union

from . import _satr
from ._satr import (
    Caret,
    CaretPosition,
    Context,
    Error,
    FileError,
    Font,
    FontCollection,
    FontNotFoundError,
    Glyph,
    HitTest,
    Image,
    InternalError,
    InvalidArgumentError,
    InvalidFontError,
    InvalidUtf8Error,
    Layout,
    LimitExceededError,
    Line,
    LineJustification,
    Paragraph,
    Run,
    SelectionRect,
)

__all__ = [
    "Caret",
    "CaretPosition",
    "Context",
    "Error",
    "FileError",
    "Font",
    "FontCollection",
    "FontNotFoundError",
    "Glyph",
    "HitTest",
    "Image",
    "InternalError",
    "InvalidArgumentError",
    "InvalidFontError",
    "InvalidUtf8Error",
    "Layout",
    "LimitExceededError",
    "Line",
    "LineJustification",
    "Paragraph",
    "Run",
    "SelectionRect",
    "Span",
    "default_fonts",
    "layout",
    "layout_batch",
    "render_text",
]

__version__: str = _satr.__version__

#: Size in px per em used when neither layout() nor the fonts name one.
DEFAULT_SIZE = 32.0

_FONT_FILES = ("NotoNaskhArabic-Regular.ttf", "NotoSans-Regular.ttf")
_PACKAGE_FONT_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fonts")

Color = Union[str, "tuple[int, int, int]", "tuple[int, int, int, int]"]
Features = Union[None, str, Iterable[str], Mapping[str, Union[bool, int]]]
Fonts = Union[None, Font, FontCollection, Iterable[Font]]


@functools.lru_cache(maxsize=1)
def _bundled_fonts() -> FontCollection:
    # $SATR_FONT_DIR, when set, overrides everything, as it does for the C++ library.
    if "SATR_FONT_DIR" not in os.environ:
        paths = [os.path.join(_PACKAGE_FONT_DIR, name) for name in _FONT_FILES]
        if all(os.path.isfile(p) for p in paths):
            return FontCollection([Font(p) for p in paths])
    return FontCollection.bundled()


def default_fonts(size: float = DEFAULT_SIZE) -> FontCollection:
    """The bundled fallback chain: Noto Naskh Arabic, then Noto Sans (for Latin and more).

    The fonts ship inside the package (``satr/fonts``, SIL Open Font License). If the
    environment variable ``SATR_FONT_DIR`` is set, they are loaded from that folder instead.
    The files are read once per process; each call returns a collection whose default size
    is ``size`` px per em.
    """
    return _bundled_fonts().with_size(size)


def _as_collection(fonts: Fonts) -> FontCollection:
    if fonts is None:
        return default_fonts()
    if isinstance(fonts, FontCollection):
        return fonts
    if isinstance(fonts, Font):
        return FontCollection([fonts])
    if isinstance(fonts, (str, bytes, os.PathLike)):
        raise TypeError(
            "fonts: expected a Font, a FontCollection or a list of Font, not a path; "
            "use satr.Font(path)"
        )
    if isinstance(fonts, Iterable):
        return FontCollection(fonts)
    raise TypeError(f"fonts: expected a Font, a FontCollection or a list of Font, "
                    f"got {type(fonts).__name__}")


def _features_string(features: Features) -> str:
    if features is None:
        return ""
    if isinstance(features, str):
        return features
    if isinstance(features, Mapping):
        parts = []
        for tag, value in features.items():
            if not isinstance(tag, str):
                raise TypeError("features: mapping keys must be str feature tags")
            if isinstance(value, bool):
                value = int(value)
            if not isinstance(value, int):
                raise TypeError(f"features: the value of {tag!r} must be a bool or an int")
            parts.append(f"{tag}={value}")
        return ",".join(parts)
    if isinstance(features, Iterable) and not isinstance(features, (bytes, bytearray)):
        parts = list(features)
        if not all(isinstance(p, str) for p in parts):
            raise TypeError("features: expected str items such as 'liga=0' or '+ss01'")
        return ",".join(parts)
    raise TypeError(f"features: expected a str, a list of str or a dict, "
                    f"got {type(features).__name__}")


def _encode(text: Union[str, bytes]) -> bytes:
    if isinstance(text, str):
        # A str may hold lone surrogates, which UTF-8 cannot carry. "surrogatepass" keeps
        # one code point per str index; the core then treats each such sequence as
        # ill-formed: U+FFFD in lenient mode, InvalidUtf8Error in strict mode.
        return text.encode("utf-8", "surrogatepass")
    if isinstance(text, (bytes, bytearray, memoryview)):
        return bytes(text)
    raise TypeError(f"text: expected str or bytes, got {type(text).__name__}")


def _invalid_argument(message: str) -> InvalidArgumentError:
    """The error the compiled module raises for a bad option, made on the Python side."""
    error = InvalidArgumentError(message)
    error.code = "invalid_argument"
    error.byte_offset = None
    return error


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name}: expected a number, got {type(value).__name__}")
    try:
        return float(value)
    except OverflowError:
        raise _invalid_argument(f"{name}: number out of range") from None


def _option(value: Any, name: str) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name}: expected a str, got {type(value).__name__}")
    return value


class Span:
    """Styling for a range of the text passed to :func:`layout` in ``spans=``.

    ``start`` and ``end`` are str indices (code points), ``text[start:end]`` being the
    styled text. Unset (None) styles inherit the paragraph's:

    Args:
        color: the colour the range is drawn with: "#rrggbb", "#rrggbbaa", "black",
            "white", "transparent" or an (r, g, b[, a]) tuple of ints in 0..255; None
            means the render foreground. A colour change never changes the glyphs.
        size: font size in px per em, in (0, 2048].
        fonts: a Font, a list of Fonts or a FontCollection: the fallback chain for the
            range.
        features: OpenType features added after the paragraph's, in any form
            :func:`layout` accepts.
        letter_spacing, word_spacing: px, as the arguments of :func:`layout`.

    Later spans override earlier ones where they overlap. A size, font or feature change
    splits shaping, but Arabic joining is kept across it. A dict with the same keys works
    too; a dict may give UTF-8 byte offsets as ``byte_start`` and ``byte_end`` instead of
    ``start`` and ``end``.
    """

    __slots__ = ("start", "end", "color", "size", "fonts", "features", "letter_spacing",
                 "word_spacing")

    def __init__(self, start: int, end: int, *, color: Optional[Color] = None,
                 size: Optional[float] = None, fonts: Fonts = None,
                 features: Features = None, letter_spacing: Optional[float] = None,
                 word_spacing: Optional[float] = None) -> None:
        self.start = _span_index(start, "start")
        self.end = _span_index(end, "end")
        if self.start > self.end:
            raise _invalid_argument(f"Span: start {self.start} is after end {self.end}")
        self.color = color
        self.size = size
        self.fonts = fonts
        self.features = features
        self.letter_spacing = letter_spacing
        self.word_spacing = word_spacing

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Span):
            return NotImplemented
        return all(getattr(self, k) == getattr(other, k) for k in self.__slots__)

    def __repr__(self) -> str:
        styles = "".join(f", {k}={getattr(self, k)!r}" for k in self.__slots__[2:]
                         if getattr(self, k) is not None)
        return f"Span({self.start}, {self.end}{styles})"


_SPAN_KEYS = frozenset(("start", "end", "byte_start", "byte_end", "color", "size", "fonts",
                        "features", "letter_spacing", "word_spacing"))


def _span_index(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name}: expected an int, got {type(value).__name__}")
    if value < 0:
        raise _invalid_argument(f"{name} must be >= 0, got {value}")
    return value


def _span_tuple(span: Any, i: int) -> tuple:
    """A span as the compiled layout takes it:
    (start, end, in_bytes, color, size, fonts, features, letter_spacing, word_spacing)."""
    where = f"spans[{i}]"
    if isinstance(span, Span):
        start, end, in_bytes = span.start, span.end, False
        color, size, fonts, features = span.color, span.size, span.fonts, span.features
        letter, word = span.letter_spacing, span.word_spacing
    elif isinstance(span, Mapping):
        unknown = set(span) - _SPAN_KEYS
        if unknown:
            raise TypeError(f"{where}: unknown keys {sorted(map(str, unknown))}; expected "
                            f"start, end (or byte_start, byte_end), color, size, fonts, "
                            f"features, letter_spacing, word_spacing")
        has_index = "start" in span or "end" in span
        has_bytes = "byte_start" in span or "byte_end" in span
        if has_index == has_bytes:
            raise _invalid_argument(f"{where}: give either start and end (str indices) or "
                                    f"byte_start and byte_end (UTF-8 byte offsets)")
        keys = ("start", "end") if has_index else ("byte_start", "byte_end")
        for key in keys:
            if key not in span:
                raise _invalid_argument(f"{where}: missing {key!r}")
        start = _span_index(span[keys[0]], f"{where}.{keys[0]}")
        end = _span_index(span[keys[1]], f"{where}.{keys[1]}")
        if start > end:
            raise _invalid_argument(f"{where}: {keys[0]} {start} is after {keys[1]} {end}")
        in_bytes = has_bytes
        color, size, fonts = span.get("color"), span.get("size"), span.get("fonts")
        features = span.get("features")
        letter, word = span.get("letter_spacing"), span.get("word_spacing")
    else:
        raise TypeError(f"{where}: expected a satr.Span or a dict, got {type(span).__name__}")
    try:
        return (start, end, in_bytes, color,
                None if size is None else _number(size, "size"),
                None if fonts is None else _as_collection(fonts),
                _features_string(features),
                None if letter is None else _number(letter, "letter_spacing"),
                None if word is None else _number(word, "word_spacing"))
    except TypeError as error:
        raise TypeError(f"{where}.{error}") from None


def _spans(spans: Optional[Iterable[Any]]) -> list:
    if spans is None:
        return []
    if isinstance(spans, (str, bytes, Mapping, Span)) or not isinstance(spans, Iterable):
        raise TypeError(f"spans: expected a list of satr.Span or dicts, "
                        f"got {type(spans).__name__}")
    return [_span_tuple(span, i) for i, span in enumerate(spans)]


def _context(context: Any) -> Optional["Context"]:
    if context is not None and not isinstance(context, Context):
        raise TypeError(f"context: expected a satr.Context, got {type(context).__name__}")
    return context


def layout(
    text: Union[str, bytes],
    fonts: Fonts = None,
    *,
    size: Optional[float] = None,
    width: Optional[float] = None,
    align: str = "start",
    direction: str = "auto",
    features: Features = None,
    language: Optional[str] = None,
    line_height: Optional[float] = None,
    strict: bool = False,
    justify: str = "auto",
    breaker: str = "greedy",
    digits: str = "latin",
    max_lines: Optional[int] = None,
    ellipsis: str = "\u2026",
    letter_spacing: Optional[float] = None,
    word_spacing: Optional[float] = None,
    spans: Optional[Iterable[Union[Span, Mapping[str, Any]]]] = None,
    context: Optional["Context"] = None,
) -> Layout:
    """Lay out ``text`` into lines of positioned glyphs.

    Runs the whole pipeline: paragraphs, bidi (UAX #9), font fallback, shaping (HarfBuzz),
    line breaking (UAX #14), per-line reordering and alignment. The GIL is released while
    it works.

    Args:
        text: a str, or UTF-8 bytes. Paragraphs are separated by newlines.
        fonts: a Font, a FontCollection, or a list of Fonts (first choice first); None
            means :func:`default_fonts` (Noto Naskh Arabic, then Noto Sans).
        size: font size in px per em, in (0, 2048]. Rule: an explicit ``size`` wins; else
            the size carried by ``fonts`` (``Font(path, size=...)`` or
            ``FontCollection(..., size=...)``); else 32.
        width: wrap width in px; None or 0 means no wrapping (one line per paragraph).
        align: 'start' (default: left in LTR paragraphs, right in RTL ones), 'end',
            'left', 'right', 'center' or 'justify' (both edges flush with ``width``; the
            last line of a paragraph is aligned to the start).
        direction: base direction of each paragraph: 'auto' (from the first strong
            character, LTR if none), 'ltr' or 'rtl'.
        features: OpenType features, as HarfBuzz syntax ('liga=0,+ss01'), a list of such
            strings, or a dict {'liga': False, 'ss01': True, 'salt': 2}.
        language: BCP 47 language tag, e.g. 'ar', 'fa', 'ur'; None for unspecified.
        line_height: factor applied to each line's ascent + descent, in (0, 100];
            None means 1.0.
        strict: if True, ill-formed UTF-8 (bytes input, or lone surrogates in a str)
            raises InvalidUtf8Error naming the byte offset; if False it is drawn as
            U+FFFD.
        justify: how ``align='justify'`` stretches a line: 'auto' (kashida, i.e. tatweel
            elongation of Arabic words, first, then spaces), 'kashida' (only kashida;
            lines with no place for one fall back to spaces) or 'spaces' (only the
            spaces between words).
        breaker: how lines are chosen: 'greedy' (each line takes as much as fits) or
            'optimal' (least total squared slack over the paragraph, Knuth-Plass style).
        digits: the shapes ASCII digits are drawn with: 'latin' (as typed), 'arabic'
            (Arabic-Indic, U+0660..U+0669) or 'persian' (U+06F0..U+06F9). Bidi and the
            offsets still see the ASCII digits.
        max_lines: None (or 0) for no limit, else the number of lines to keep; the text
            past them is cut and ``ellipsis`` is appended at the logical end of the last
            kept line (``Layout.truncated`` says whether it happened).
        ellipsis: the str appended when ``max_lines`` cuts the text (default '\u2026').
        letter_spacing: px added after each letter (CSS letter-spacing; negative
            tightens), in [-1024, 1024]; not applied in Arabic and the other joining
            scripts, where it would break the joins. None means 0.
        word_spacing: px added to each space (CSS word-spacing), in every script, before
            justification stretches the spaces. None means 0.
        spans: styled ranges of the text: a list of :class:`Span` objects or of dicts
            with the same keys, e.g. ``{"start": 0, "end": 5, "color": "#c00000"}``.
            Later spans override earlier ones where they overlap.
        context: the :class:`Context` whose caches to use (and to render with); None
            means the library's default context.

    Returns:
        A :class:`Layout`. Positions are px with the origin at the top left of the layout
        box; ``Layout.render()`` adds a margin, ``Layout.to_dict()`` gives image
        coordinates.

    Raises:
        TypeError: an argument has the wrong type.
        InvalidArgumentError (ValueError): an option is out of range or unknown.
        InvalidUtf8Error (ValueError): strict mode met ill-formed UTF-8.
        LimitExceededError (ValueError): the text is longer than 64 MiB of UTF-8.
    """
    collection = _as_collection(fonts)
    return _satr._layout(_encode(text), collection, _spans(spans), _context(context),
                         **_style(collection, size, width, align, direction, features,
                                  language, line_height, strict, justify, breaker, digits,
                                  max_lines, ellipsis, letter_spacing, word_spacing))


def layout_batch(
    texts: Iterable[Union[str, bytes]],
    fonts: Fonts = None,
    *,
    threads: int = 0,
    size: Optional[float] = None,
    width: Optional[float] = None,
    align: str = "start",
    direction: str = "auto",
    features: Features = None,
    language: Optional[str] = None,
    line_height: Optional[float] = None,
    strict: bool = False,
    justify: str = "auto",
    breaker: str = "greedy",
    digits: str = "latin",
    max_lines: Optional[int] = None,
    ellipsis: str = "\u2026",
    letter_spacing: Optional[float] = None,
    word_spacing: Optional[float] = None,
    context: Optional["Context"] = None,
) -> "list[Layout]":
    """Lay out many independent texts with the same fonts and options on worker threads.

    Returns one Layout per text, in order, identical to calling :func:`layout` on each.
    ``threads`` is the number of worker threads (0: one per hardware thread); the other
    arguments are those of :func:`layout` except ``spans``. If any text fails, the error of the first
    failing text is raised after all workers have stopped. The GIL is released meanwhile.
    """
    if isinstance(texts, (str, bytes)):
        raise TypeError("texts: expected an iterable of str or bytes, not a single text")
    if isinstance(threads, bool) or not isinstance(threads, int):
        raise TypeError(f"threads: expected an int, got {type(threads).__name__}")
    if threads < 0:
        raise _invalid_argument("threads must be >= 0 (0: one per hardware thread)")
    collection = _as_collection(fonts)
    return _satr._layout_batch([_encode(t) for t in texts], collection, threads,
                               _context(context),
                               **_style(collection, size, width, align, direction, features,
                                        language, line_height, strict, justify, breaker,
                                        digits, max_lines, ellipsis, letter_spacing,
                                        word_spacing))


def _style(collection: FontCollection, size: Optional[float], width: Optional[float],
           align: str, direction: str, features: Features, language: Optional[str],
           line_height: Optional[float], strict: bool, justify: str, breaker: str,
           digits: str, max_lines: Optional[int], ellipsis: str,
           letter_spacing: Optional[float], word_spacing: Optional[float]) -> "dict[str, Any]":
    """The keyword arguments of the compiled layout functions, checked and normalised."""
    return dict(
        size=_number(collection.size if size is None else size, "size"),
        width=0.0 if width is None else _number(width, "width"),
        align=_option(align, "align"),
        direction=_option(direction, "direction"),
        features=_features_string(features),
        language="" if language is None else _option(language, "language"),
        line_height=1.0 if line_height is None else _number(line_height, "line_height"),
        strict=bool(strict),
        justify=_option(justify, "justify"),
        breaker=_option(breaker, "breaker"),
        digits=_option(digits, "digits"),
        max_lines=_max_lines(max_lines),
        ellipsis=_option(ellipsis, "ellipsis").encode("utf-8"),
        letter_spacing=0.0 if letter_spacing is None else _number(letter_spacing,
                                                                  "letter_spacing"),
        word_spacing=0.0 if word_spacing is None else _number(word_spacing, "word_spacing"),
    )


def _max_lines(value: Optional[int]) -> int:
    if value is None:
        return 0
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"max_lines: expected an int or None, got {type(value).__name__}")
    if not 0 <= value <= 0xFFFFFFFF:
        raise _invalid_argument(f"max_lines must be None or an int in [0, 2**32), got {value}")
    return value


_RENDER_OPTIONS = ("fg", "bg", "margin", "scale")


def render_text(text: Union[str, bytes], path: Union[str, "os.PathLike[str]"],
                **options: Any) -> Image:
    """Lay out ``text`` and write it as a PNG file at ``path``, in one call (for SVG, PDF,
    JSON or text, ``layout(text, ...).save(path)``).

    ``options`` are the keyword arguments of :func:`layout` (``fonts``, ``size``,
    ``width``, ``align``, ``direction``, ``features``, ``language``, ``line_height``,
    ``strict``, ``justify``, ``breaker``, ``digits``, ``max_lines``, ``ellipsis``,
    ``spans``; span colours are drawn) and of :meth:`Layout.render` (``fg``, ``bg``, ``margin``,
    ``scale``). Returns the
    rendered :class:`Image`.

    Example::

        satr.render_text("السلام عليكم", "salam.png", size=48, fg="#202020")
    """
    render_options = {k: options.pop(k) for k in _RENDER_OPTIONS if k in options}
    image = layout(text, **options).render(**render_options)
    image.save(path)
    return image
