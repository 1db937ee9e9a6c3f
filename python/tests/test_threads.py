"""Layout and rendering from several threads give the same results as one thread."""

import threading

import satr


def test_concurrent_layout_and_render(astana):
    fonts = satr.default_fonts()
    reference = satr.layout(astana, fonts, width=500)
    expected_dict = reference.to_dict()
    expected_pixels = bytes(reference.render())

    results = []
    errors = []
    start = threading.Barrier(8)

    def work():
        try:
            start.wait()
            for _ in range(4):
                layout = satr.layout(astana, fonts, width=500)
                results.append((layout.to_dict(), bytes(layout.render())))
        except Exception as error:  # reported below; an assert here would be lost
            errors.append(error)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert not errors
    assert len(results) == 32
    for as_dict, pixels in results:
        assert as_dict == expected_dict
        assert pixels == expected_pixels



def test_layout_batch_matches_layout(astana):
    paragraphs = astana.splitlines() * 3
    layouts = satr.layout_batch(paragraphs, width=400, threads=4)
    assert len(layouts) == len(paragraphs)
    for text, batched in zip(paragraphs, layouts):
        single = satr.layout(text, width=400)
        assert batched.to_dict() == single.to_dict()
        assert batched.text_length == len(text)
    assert satr.layout_batch([]) == []
