"""satr.Context: budgets, clearing and counters, and clearing while other threads lay out."""

import threading

import pytest

import satr

ARTICLE_LINE = "إرجاء محادثات أستانا بمشاركة الأطراف السورية إلى منتصف الشهر المقبل"


def test_budgets_default_and_given():
    defaults = satr.Context().budgets
    assert defaults == {"shape_cache_bytes": 32 << 20, "glyph_cache_bytes": 64 << 20,
                        "paragraph_cache_bytes": 32 << 20}
    small = satr.Context(shape_cache_bytes=1 << 16, glyph_cache_bytes=0)
    assert small.budgets == {"shape_cache_bytes": 1 << 16, "glyph_cache_bytes": 0,
                             "paragraph_cache_bytes": 32 << 20}


@pytest.mark.parametrize("value,error", [(-1, satr.InvalidArgumentError), ("1", TypeError),
                                         (1.5, TypeError), (True, TypeError)])
def test_bad_budgets_are_refused(value, error):
    with pytest.raises(error):
        satr.Context(shape_cache_bytes=value)
    with pytest.raises(error):
        satr.Context().set_budgets(glyph_cache_bytes=value)


def test_layouts_use_the_context_they_name(astana):
    context = satr.Context()
    first = satr.layout(astana, width=600, context=context)
    after_first = context.stats()
    assert after_first["shape_misses"] > 0 and after_first["shape_bytes"] > 0
    second = satr.layout(astana, width=600, context=context)
    after_second = context.stats()
    # The second layout reuses the first's words (or whole paragraphs), and is identical.
    assert (after_second["shape_hits"] > after_first["shape_hits"]
            or after_second["paragraph_hits"] > after_first["paragraph_hits"])
    assert second.to_dict() == first.to_dict()
    # Another context saw none of it.
    assert satr.Context().stats()["shape_misses"] == 0


def test_render_goes_through_the_layouts_context():
    context = satr.Context()
    layout = satr.layout(ARTICLE_LINE, context=context)
    layout.render()
    assert context.stats()["glyph_misses"] > 0
    assert context.stats()["glyph_bytes"] > 0
    misses = context.stats()["glyph_misses"]
    layout.render()
    assert context.stats()["glyph_misses"] == misses
    assert context.stats()["glyph_hits"] > 0


def test_clear_caches_empties_and_keeps_counters():
    context = satr.Context()
    satr.layout(ARTICLE_LINE, context=context).render()
    before = context.stats()
    context.clear_caches()
    after = context.stats()
    assert after["shape_bytes"] == 0 and after["glyph_bytes"] == 0 and after["shape_entries"] == 0
    assert after["shape_misses"] == before["shape_misses"]


def test_a_budget_bounds_the_cache(astana):
    budget = 64 << 10
    context = satr.Context(shape_cache_bytes=budget, glyph_cache_bytes=budget)
    satr.layout(astana * 3, width=500, context=context).render()
    stats = context.stats()
    assert 0 < stats["shape_bytes"] <= budget
    assert 0 < stats["glyph_bytes"] <= budget
    # Shrinking evicts at once.
    context.set_budgets(shape_cache_bytes=0, glyph_cache_bytes=budget // 4)
    assert context.stats()["shape_bytes"] == 0
    assert context.stats()["glyph_bytes"] <= budget // 4
    assert context.budgets["glyph_cache_bytes"] == budget // 4


def test_off_caches_give_identical_results(astana):
    off = satr.Context(shape_cache_bytes=0, glyph_cache_bytes=0, paragraph_cache_bytes=0)
    cached = satr.layout(astana, width=500, align="justify")
    uncached = satr.layout(astana, width=500, align="justify", context=off)
    assert uncached.to_dict() == cached.to_dict()
    assert bytes(uncached.render().to_png()) == bytes(cached.render().to_png())
    assert off.stats()["shape_bytes"] == 0


def test_batch_takes_a_context(astana):
    context = satr.Context()
    paragraphs = astana.splitlines()
    layouts = satr.layout_batch(paragraphs, width=400, threads=2, context=context)
    assert len(layouts) == len(paragraphs)
    assert context.stats()["shape_misses"] > 0


def test_context_must_be_a_context():
    with pytest.raises(TypeError, match="context: expected a satr.Context"):
        satr.layout("abc", context="big")


def test_threads_lay_out_while_one_clears(astana):
    """Four threads lay out and render in one small context while a fifth clears it and
    changes its budgets as fast as it can; every result must equal the reference."""
    paragraphs = [p for p in astana.splitlines() if p]
    reference = {p: (satr.layout(p, width=400).to_dict(),
                     bytes(satr.layout(p, width=400).render().to_png())) for p in paragraphs}
    context = satr.Context(shape_cache_bytes=256 << 10, glyph_cache_bytes=256 << 10,
                           paragraph_cache_bytes=256 << 10)
    stop = threading.Event()
    failures = []
    clears = [0]

    def worker(seed):
        try:
            for round in range(6):
                for i in range(len(paragraphs)):
                    p = paragraphs[(i + seed + round) % len(paragraphs)]
                    layout = satr.layout(p, width=400, context=context)
                    if layout.to_dict() != reference[p][0]:
                        failures.append(("layout", p[:20]))
                    if i % 3 == seed % 3 and bytes(layout.render().to_png()) != reference[p][1]:
                        failures.append(("render", p[:20]))
        except Exception as e:  # noqa: BLE001 — any exception is a failure to report
            failures.append(("exception", repr(e)))

    def clearer():
        budgets = [64 << 10, 256 << 10, 0, 1 << 20]
        while not stop.is_set():
            context.clear_caches()
            b = budgets[clears[0] % len(budgets)]
            context.set_budgets(shape_cache_bytes=b, glyph_cache_bytes=b, paragraph_cache_bytes=b)
            clears[0] += 1

    workers = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    clearing = threading.Thread(target=clearer)
    clearing.start()
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    stop.set()
    clearing.join()
    assert failures == []
    assert clears[0] > 10
