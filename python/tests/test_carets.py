"""Editing geometry on a Layout: hit testing, carets, visual movement and selections."""

import pytest

import satr

MIXED = "كتب Hello World في 12 يونيو"


@pytest.fixture(scope="module")
def mixed():
    return satr.layout(MIXED)


def caret_xs(caret):
    xs = [caret.primary.x]
    if caret.secondary is not None:
        xs.append(caret.secondary.x)
    return xs


def middle(line):
    return line.top + line.height / 2


def walk_line(layout, start):
    """Every stop reached by moving right from the leftmost stop of a one-line layout."""
    index = start
    while (left := layout.move_visually(index, -1)) != index:
        index = left
    stops = [index]
    while (right := layout.move_visually(stops[-1], 1)) != stops[-1]:
        stops.append(right)
    return stops


def test_caret_and_hit_test_round_trip(mixed):
    line = mixed.lines[0]
    for index in range(len(MIXED) + 1):
        caret = mixed.caret(index)
        assert caret.index == index and caret.line == 0
        assert caret.offset == len(MIXED[:index].encode("utf-8"))
        assert caret.primary.top == line.top
        assert caret.primary.bottom == pytest.approx(line.top + line.height)
        for x in caret_xs(caret):
            for dx in (-0.5, 0.5):
                hit = mixed.hit_test(x + dx, middle(line))
                assert hit.line == 0
                # The stop found has a caret at the edge that was clicked next to.
                assert min(abs(x - other) for other in caret_xs(mixed.caret(hit.index))) < 0.01
                assert hit.offset == len(MIXED[:hit.index].encode("utf-8"))


def test_two_carets_at_direction_changes(mixed):
    # Between an Arabic word and "Hello", and around the number.
    for index in (4, 15, 19, 21):
        caret = mixed.caret(index)
        assert caret.secondary is not None, index
        assert caret.primary.is_rtl != caret.secondary.is_rtl or index in (19, 21)
    for index in (1, 6, 17, 24):
        assert mixed.caret(index).secondary is None, index


def test_carets_match_glyph_positions(mixed):
    # Carets use the coordinates of Glyph.x: the layout box, without the render margin.
    for run in mixed.lines[0].runs:
        for glyph in run.glyphs:
            edge = glyph.x + glyph.advance if run.is_rtl else glyph.x
            assert min(abs(edge - x) for x in caret_xs(mixed.caret(glyph.cluster_index))) < 0.01


def test_hit_test_inside_and_clamping(mixed):
    line = mixed.lines[0]
    glyph = mixed.lines[0].runs[-1].glyphs[-1]          # the rightmost: the first letter
    assert MIXED[glyph.cluster_index] == "ك"
    leading = mixed.hit_test(glyph.x + glyph.advance * 0.8, middle(line))
    assert leading.inside and not leading.trailing and leading.index == 0
    assert leading.grapheme == (0, 1)
    trailing = mixed.hit_test(glyph.x + glyph.advance * 0.2, middle(line))
    assert trailing.trailing and trailing.index == 1
    right = mixed.hit_test(10_000, middle(line))
    assert not right.inside and right.index == 0
    left = mixed.hit_test(-10_000, -50)
    assert not left.inside and left.line == 0 and left.index == len(MIXED)


def test_move_visually_walks_every_stop(mixed):
    stops = walk_line(mixed, 7)
    assert sorted(stops) == list(range(len(MIXED) + 1))
    xs = [mixed.caret(i).primary.x for i in stops]
    assert xs == sorted(xs)
    # Inside the right-to-left word moving right goes back in the text.
    assert mixed.move_visually(2, 1) == 1
    assert mixed.move_visually(6, 1) == 7


def test_move_visually_across_lines():
    text = "السلام عليكم ورحمة الله وبركاته " * 3
    layout = satr.layout(text, width=250)
    assert len(layout.lines) > 2
    second = layout.lines[1]
    # Moving toward the end edge (left in an RTL paragraph) past a line's end goes to the
    # start of the next line.
    end_of_first = [i for i in range(len(text) + 1) if layout.caret(i).line == 0][-1]
    assert layout.move_visually(end_of_first, -1) == second.start_index
    assert layout.caret(second.start_index).line == 1


def test_selection_rects_across_direction_changes(mixed):
    line = mixed.lines[0]
    rects = mixed.selection_rects(0, len(MIXED))
    assert len(rects) == 5
    assert [r.x for r in rects] == sorted(r.x for r in rects)
    assert sum(r.width for r in rects) == pytest.approx(line.width, abs=0.01)
    assert all(r.y == line.top and r.height == pytest.approx(line.height) for r in rects)
    assert [r.is_rtl for r in rects] == [True, False, True, False, True]
    # Part of the Arabic word and of "Hello": two pieces apart on screen.
    pieces = mixed.selection_rects(2, 6)
    assert len(pieces) == 2
    assert pieces[0].x + pieces[0].width < pieces[1].x
    # The order of the ends does not matter; an empty selection has no rectangle.
    assert [(r.x, r.width) for r in mixed.selection_rects(6, 2)] == \
        [(r.x, r.width) for r in pieces]
    assert mixed.selection_rects(5, 5) == []
    one = mixed.selection_rects(5, 9)
    assert len(one) == 1 and not one[0].is_rtl


def test_selection_rects_on_several_lines():
    text = "Hello world, this wraps onto a few lines.\nsecond paragraph"
    layout = satr.layout(text, width=200)
    rects = layout.selection_rects(0, len(text))
    assert {r.line for r in rects} == set(range(len(layout.lines)))
    assert [r.line for r in rects] == sorted(r.line for r in rects)


def test_indices_beyond_the_bmp():
    text = "\U0001d400\U0001d401 ab"
    layout = satr.layout(text)
    assert walk_line(layout, 0) == list(range(len(text) + 1))
    rects = layout.selection_rects(0, 2)
    assert len(rects) == 1 and rects[0].x == pytest.approx(0)
    assert layout.caret(2).offset == 8
    assert layout.hit_test(rects[0].width + 0.1, 10).index == 2


def test_grapheme_clusters_are_one_stop():
    text = "e\u0301x"  # e + combining acute, then x
    layout = satr.layout(text)
    assert layout.caret(1).index == 0
    assert walk_line(layout, 0) == [0, 2, 3]


def test_empty_and_batch_layouts():
    empty = satr.layout("")
    assert empty.caret(0).primary.x == 0
    assert empty.hit_test(5, 5).index == 0
    assert empty.selection_rects(0, 0) == []
    batch = satr.layout_batch([MIXED])[0]
    assert [batch.caret(i).primary.x for i in range(len(MIXED) + 1)] == \
        [satr.layout(MIXED).caret(i).primary.x for i in range(len(MIXED) + 1)]


def test_truncated_layout_accepts_cut_indices():
    text = "one two three four five six seven eight nine ten"
    layout = satr.layout(text, width=120, max_lines=1)
    assert layout.truncated
    assert layout.caret(len(text)).line == 0


def test_bad_indices(mixed):
    n = len(MIXED)
    for bad in (-1, n + 1, 2**70):
        with pytest.raises(IndexError):
            mixed.caret(bad)
        with pytest.raises(IndexError):
            mixed.move_visually(bad, 1)
        with pytest.raises(IndexError):
            mixed.selection_rects(0, bad)
        with pytest.raises(IndexError):
            mixed.selection_rects(bad, 0)
    for bad in (1.0, "1", None, True):
        with pytest.raises(TypeError):
            mixed.caret(bad)
        with pytest.raises(TypeError):
            mixed.selection_rects(bad, 2)
    for direction in (0, 2, -2):
        with pytest.raises(satr.InvalidArgumentError):
            mixed.move_visually(0, direction)
    with pytest.raises(TypeError):
        mixed.hit_test("1", 0)


def test_docstrings_and_reprs(mixed):
    for obj in (satr.Layout.hit_test, satr.Layout.caret, satr.Layout.move_visually,
                satr.Layout.selection_rects, satr.HitTest, satr.Caret, satr.SelectionRect,
                satr.Span):
        assert obj.__doc__ and len(obj.__doc__) > 40, obj
    assert "layout coordinates" in satr.Layout.hit_test.__doc__
    assert repr(mixed.caret(4)).startswith("Caret(index=4")
    assert repr(mixed.hit_test(0, 0)).startswith("HitTest(")
    assert repr(mixed.selection_rects(0, 1)[0]).startswith("SelectionRect(")


def test_queries_on_a_long_line_are_kept_fast():
    # One unwrapped line of about 430 KB. The first query builds the layout's caret index;
    # after it a query costs O(log n) (about a microsecond), where a pass over the line per
    # query, as the free functions make, would take tens of milliseconds each: 3,000 of
    # them in under half a second leaves a margin of over a hundred times either way.
    import time

    article_words = "كانت المحادثات في أستانا قد تأجلت مرة أخرى 2017".split()
    text = " ".join(article_words[k % len(article_words)] + (" peace" if k % 7 == 0 else "")
                    for k in range(40000))
    assert len(text.encode()) > 400000
    long_line = satr.layout(text, width=0)
    assert len(long_line.lines) == 1
    y = middle(long_line.lines[0])
    probes = [len(text) * k // 1000 for k in range(1000)]
    first = long_line.caret(probes[0])
    start = time.perf_counter()
    results = []
    for index in probes:
        caret = long_line.caret(index)
        results.append((caret.index, caret.primary.x, long_line.hit_test(caret.primary.x, y).index,
                        long_line.move_visually(caret.index, 1)))
    elapsed = time.perf_counter() - start
    assert elapsed < 0.5, f"3,000 caret queries took {elapsed:.2f} s"
    assert results[0][:2] == (first.index, first.primary.x)
    # The kept index answers as a fresh one does: a new Layout's first query of each probe.
    for k in range(0, len(probes), 97):
        fresh = satr.layout(text, width=0)
        caret = fresh.caret(probes[k])
        assert (caret.index, caret.primary.x) == results[k][:2]
        assert fresh.hit_test(caret.primary.x, y).index == results[k][2]
        assert fresh.move_visually(caret.index, 1) == results[k][3]
