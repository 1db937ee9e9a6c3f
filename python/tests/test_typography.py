"""Typography options: justification, line breaking, digit shapes, truncation and spans."""

import pytest

import satr

WIDTH = 400


def glyphs(layout):
    return [g for line in layout.lines for run in line.runs for g in run.glyphs]


@pytest.fixture(scope="module")
def paragraph(astana):
    return astana.split("\n")[1]


def tatweel_id(font):
    return satr.layout("\u0640", font).lines[0].runs[0].glyphs[0].id


@pytest.mark.parametrize("justify", ["auto", "kashida", "spaces"])
@pytest.mark.parametrize("breaker", ["greedy", "optimal"])
def test_justify_fills_the_width(paragraph, justify, breaker):
    layout = satr.layout(paragraph, width=WIDTH, align="justify", justify=justify,
                         breaker=breaker)
    assert len(layout.lines) > 3
    for line in layout.lines[:-1]:
        ink = [g for run in line.runs for g in run.glyphs
               if not paragraph[g.cluster_index].isspace()]
        assert min(g.x for g in ink) == pytest.approx(0, abs=0.5)
        assert max(g.x + g.advance for g in ink) == pytest.approx(WIDTH, abs=0.5)
    # The last line of the paragraph is aligned to the start: the right edge.
    last = layout.lines[-1]
    assert last.x + last.width == pytest.approx(WIDTH, abs=0.5)
    assert last.width < WIDTH - 10


def test_kashida_inserts_tatweels(paragraph, naskh):
    tatweel = tatweel_id(naskh)
    assert "\u0640" not in paragraph
    plain = satr.layout(paragraph, naskh, width=WIDTH, align="justify", justify="spaces")
    kashida = satr.layout(paragraph, naskh, width=WIDTH, align="justify", justify="kashida")
    assert not [g for g in glyphs(plain) if g.id == tatweel]
    inserted = [g for g in glyphs(kashida) if g.id == tatweel]
    assert inserted
    # Inserted tatweels belong to the letters they elongate.
    assert all("\u0620" <= paragraph[g.cluster_index] <= "\u06ff" for g in inserted)


def test_each_line_reports_its_justification(paragraph, naskh, sans):
    tatweel = tatweel_id(naskh)
    kashida = satr.layout(paragraph, naskh, width=WIDTH, align="justify", justify="kashida")
    for line in kashida.lines[:-1]:
        how = line.justification
        assert how.kashida_sites > 0
        assert how.tatweels == sum(g.id == tatweel for run in line.runs for g in run.glyphs)
    assert sum(line.justification.tatweels for line in kashida.lines) > 0
    last = kashida.lines[-1].justification
    assert (last.kashida_sites, last.tatweels, last.spaces, last.kashida_px, last.space_px) == (
        0, 0, 0, 0, 0)
    # A font without a tatweel: no site, the gap goes to the spaces.
    latin = "the quick brown fox jumps over the lazy dog again and again and again"
    spaces = satr.layout(latin, sans, width=200, align="justify", justify="kashida")
    first = spaces.lines[0].justification
    assert first.kashida_sites == 0 and first.tatweels == 0
    assert first.spaces > 0 and first.space_px > 0
    assert "kashida_sites=0" in repr(first)


def test_breakers_cover_the_same_text(paragraph):
    for breaker in ("greedy", "optimal"):
        layout = satr.layout(paragraph, width=WIDTH, breaker=breaker)
        assert layout.lines[0].start == 0
        assert layout.lines[-1].end_index == len(paragraph)
        for before, after in zip(layout.lines, layout.lines[1:]):
            assert before.end == after.start


@pytest.mark.parametrize("digits", ["arabic", "persian"])
def test_digits_change_glyphs_not_clusters(digits):
    text = "في 12 يونيو 2024 و 567890"
    latin = glyphs(satr.layout(text))
    shaped = glyphs(satr.layout(text, digits=digits))
    assert [g.cluster for g in shaped] == [g.cluster for g in latin]
    for a, b in zip(latin, shaped):
        if text[a.cluster_index].isdigit():
            assert a.id != b.id, text[a.cluster_index]
        else:
            assert a.id == b.id


def test_persian_and_arabic_digits_differ():
    arabic = glyphs(satr.layout("456", digits="arabic"))
    persian = glyphs(satr.layout("456", digits="persian"))
    assert [g.id for g in arabic] != [g.id for g in persian]


def test_max_lines_truncates_with_an_ellipsis(paragraph):
    full = satr.layout(paragraph, width=300)
    assert not full.truncated and len(full.lines) > 2
    cut = satr.layout(paragraph, width=300, max_lines=2)
    assert cut.truncated and len(cut.lines) == 2
    ellipsis = satr.layout("\u2026").lines[0].runs[0].glyphs[0].id
    last = cut.lines[-1]
    marks = [g for run in last.runs for g in run.glyphs if g.cluster == last.end]
    assert [g.id for g in marks] == [ellipsis]
    # Enough lines: nothing is cut; None and 0 mean no limit.
    for max_lines in (len(full.lines), None, 0):
        layout = satr.layout(paragraph, width=300, max_lines=max_lines)
        assert not layout.truncated and len(layout.lines) == len(full.lines)


def test_custom_ellipsis(paragraph):
    dots = satr.layout(paragraph, width=300, max_lines=1, ellipsis="...")
    assert dots.truncated
    last = dots.lines[-1]
    assert len([g for run in last.runs for g in run.glyphs if g.cluster == last.end]) == 3


def test_colour_span_keeps_the_glyphs():
    text = "مرحبا بالعالم hello world"
    plain = satr.layout(text)
    coloured = satr.layout(text, spans=[satr.Span(2, 9, color="#c00000"),
                                        {"start": 14, "end": 19, "color": (0, 0, 255)}])
    assert [(g.id, g.x) for g in glyphs(coloured)] == [(g.id, g.x) for g in glyphs(plain)]
    colours = {}
    for run in coloured.lines[0].runs:
        for i in range(run.start_index, run.end_index):
            colours[i] = run.color
    assert {colours[i] for i in range(2, 9)} == {"#c00000ff"}
    assert {colours[i] for i in range(14, 19)} == {"#0000ffff"}
    assert colours[0] is None and colours[len(text) - 1] is None
    assert all(r.color is None for line in plain.lines for r in line.runs)


def test_colour_span_is_drawn():
    layout = satr.layout("hello", spans=[satr.Span(0, 5, color="#ff0000")])
    image = layout.render(fg="black", bg="white")
    pixels = {image.pixel(x, y) for x in range(image.width) for y in range(image.height)}
    assert any(r > 200 and g < 60 and b < 60 for r, g, b, _ in pixels)
    assert not any(r < 60 and g < 60 and b < 60 for r, g, b, _ in pixels)


def test_size_span_makes_a_bigger_run(naskh):
    text = "كتب الولد الدرس"
    plain = satr.layout(text, naskh, size=30)
    big = satr.layout(text, naskh, size=30, spans=[satr.Span(4, 9, size=60)])
    runs = {r.start_index: r for r in big.lines[0].runs}
    assert runs[4].font_size == 60 and runs[4].end_index == 9
    assert all(r.font_size == 30 for r in big.lines[0].runs if r.start_index != 4)
    assert big.lines[0].width > plain.lines[0].width + 20
    assert big.lines[0].ascent > plain.lines[0].ascent


def test_span_forms_agree(naskh, sans):
    text = "Hello مرحبا"
    byte_start = len(text[:6].encode("utf-8"))
    forms = [
        [satr.Span(6, 11, size=40, fonts=naskh, features="kern=0")],
        [{"start": 6, "end": 11, "size": 40, "fonts": [naskh], "features": {"kern": False}}],
        [{"byte_start": byte_start, "byte_end": len(text.encode("utf-8")), "size": 40,
          "fonts": satr.FontCollection([naskh]), "features": ["kern=0"]}],
    ]
    results = [[(g.id, g.x) for g in glyphs(satr.layout(text, [sans, naskh], spans=s))]
               for s in forms]
    assert results[0] == results[1] == results[2]


def test_span_indices_beyond_the_bmp():
    text = "\U0001d400\U0001d401 abc"
    layout = satr.layout(text, spans=[satr.Span(3, 6, color="#00ff00")])
    coloured = [r for r in layout.lines[0].runs if r.color]
    assert [(r.start_index, r.end_index) for r in coloured] == [(3, 6)]


def test_span_repr_and_equality():
    span = satr.Span(1, 4, color="#112233", size=20)
    assert span == satr.Span(1, 4, color="#112233", size=20)
    assert span != satr.Span(1, 4)
    assert repr(span) == "Span(1, 4, color='#112233', size=20)"


@pytest.mark.parametrize(
    "spans",
    [
        [{"start": 0}],
        [{"start": 3, "end": 1}],
        [{"start": 0, "end": 99}],
        [{"start": 0, "end": 2, "byte_start": 0, "byte_end": 2}],
        [{"byte_start": 1, "byte_end": 4}],      # inside a UTF-8 sequence
        [{"byte_start": 0, "byte_end": 999}],
        [{"start": -1, "end": 2}],
        [{"start": 0, "end": 2, "color": "reddish"}],
        [{"start": 0, "end": 2, "color": (1, 2)}],
        [{"start": 0, "end": 2, "color": (0, 0, 300)}],
        [{"start": 0, "end": 2, "size": 0}],
        [{"start": 0, "end": 2, "size": 1e9}],
        [{"start": 0, "end": 2, "fonts": []}],
    ],
)
def test_bad_span_values(spans):
    with pytest.raises(ValueError) as info:
        satr.layout("مرحبا", spans=spans)
    assert isinstance(info.value, satr.InvalidArgumentError)


@pytest.mark.parametrize(
    "spans",
    [
        "0:2",
        {"start": 0, "end": 2},
        satr.Span(0, 1),
        [5],
        [(0, 2)],
        [{"start": "0", "end": 2}],
        [{"start": 0, "end": 2.5}],
        [{"start": 0, "end": 2, "colour": "red"}],
        [{"start": 0, "end": 2, "color": 1.5}],
        [{"start": 0, "end": 2, "size": "big"}],
        [{"start": 0, "end": 2, "fonts": "font.ttf"}],
        [{"start": 0, "end": 2, "features": 3}],
    ],
)
def test_wrong_span_types(spans):
    with pytest.raises(TypeError):
        satr.layout("مرحبا", spans=spans)


def test_span_errors_name_the_span():
    with pytest.raises(ValueError, match=r"spans\[1\]\.color"):
        satr.layout("مرحبا", spans=[satr.Span(0, 1), satr.Span(0, 2, color="reddish")])
    with pytest.raises(ValueError, match=r"spans\[0\].*past the end"):
        satr.layout("مرحبا", spans=[satr.Span(0, 6)])
    with pytest.raises(TypeError, match=r"spans\[0\]\.size"):
        satr.layout("مرحبا", spans=[{"start": 0, "end": 2, "size": "big"}])


def test_bad_span_constructor():
    with pytest.raises(ValueError):
        satr.Span(3, 1)
    with pytest.raises(ValueError):
        satr.Span(-1, 1)
    with pytest.raises(TypeError):
        satr.Span(0.5, 1)
    with pytest.raises(TypeError):
        satr.Span(0, 1, "#ff0000")  # styles are keyword-only


@pytest.mark.parametrize(
    "options",
    [{"justify": "both"}, {"breaker": "fast"}, {"digits": "hindi"}, {"align": "justified"},
     {"max_lines": -1}, {"max_lines": 2**40}],
)
def test_bad_typography_options(options):
    with pytest.raises(satr.InvalidArgumentError):
        satr.layout("مرحبا", **options)


@pytest.mark.parametrize(
    "options",
    [{"justify": None}, {"breaker": 1}, {"digits": ["latin"]}, {"max_lines": "2"},
     {"max_lines": 1.0}, {"max_lines": True}, {"ellipsis": 5}],
)
def test_wrong_typography_option_types(options):
    with pytest.raises(TypeError):
        satr.layout("مرحبا", **options)


def test_render_text_passes_the_options(paragraph, tmp_path):
    path = tmp_path / "t.png"
    image = satr.render_text(paragraph, path, width=300, max_lines=1, align="justify",
                             justify="kashida", digits="arabic", margin=0,
                             spans=[satr.Span(0, 4, color="#ff0000")])
    assert path.is_file()
    one_line = satr.layout(paragraph, width=300, max_lines=1)
    assert image.height == pytest.approx(one_line.height, abs=1)
    pixels = {image.pixel(x, y) for x in range(image.width) for y in range(image.height)}
    assert any(r > 200 and g < 60 and b < 60 for r, g, b, _ in pixels)


def test_layout_batch_takes_the_paragraph_options(paragraph):
    options = dict(width=WIDTH, align="justify", justify="kashida", breaker="optimal",
                   digits="persian", max_lines=3)
    batch = satr.layout_batch([paragraph, paragraph[:50]], **options)
    for text, layout in zip([paragraph, paragraph[:50]], batch):
        single = satr.layout(text, **options)
        assert layout.truncated == single.truncated
        assert [(g.id, g.x) for g in glyphs(layout)] == [(g.id, g.x) for g in glyphs(single)]
    assert batch[0].truncated
    with pytest.raises(TypeError):
        satr.layout_batch([paragraph], spans=[])


def test_letter_and_word_spacing(sans):
    plain = satr.layout("Hello world", sans)
    letters = satr.layout("Hello world", sans, letter_spacing=3)
    words = satr.layout("Hello world", sans, word_spacing=8)
    # Rounded to Noto Sans's 1,000 units an em: 0.032 px at 32 px.
    assert letters.lines[0].width - plain.lines[0].width == pytest.approx(33, abs=0.2)
    assert words.lines[0].width - plain.lines[0].width == pytest.approx(8, abs=0.02)
    # Arabic keeps its joins: letter spacing leaves its glyphs as they are.
    arabic = "\u0633\u0644\u0627\u0645"
    assert [(g.id, g.advance) for g in glyphs(satr.layout(arabic, letter_spacing=5))] == \
        [(g.id, g.advance) for g in glyphs(satr.layout(arabic))]


def test_spacing_in_spans(sans):
    plain = satr.layout("abc def", sans)
    for span in (satr.Span(0, 3, letter_spacing=2),
                 {"start": 0, "end": 3, "letter_spacing": 2}):
        spaced = satr.layout("abc def", sans, spans=[span])
        assert spaced.lines[0].width - plain.lines[0].width == pytest.approx(6, abs=0.1)
    wide = satr.layout("abc def", sans, spans=[satr.Span(3, 4, word_spacing=10)])
    assert wide.lines[0].width - plain.lines[0].width == pytest.approx(10, abs=0.02)
    assert "letter_spacing=2" in repr(satr.Span(0, 3, letter_spacing=2))


def test_bad_spacing():
    with pytest.raises(satr.LimitExceededError, match="letter spacing 2000 px exceeds"):
        satr.layout("abc", letter_spacing=2000)
    with pytest.raises(satr.InvalidArgumentError, match="word spacing must be a number"):
        satr.layout("abc", word_spacing=float("nan"))
    with pytest.raises(TypeError):
        satr.layout("abc", letter_spacing="wide")
    with pytest.raises(satr.LimitExceededError, match="span letter spacing"):
        satr.layout("abc", spans=[satr.Span(0, 1, letter_spacing=-5000)])
