"""Run by test_hostile_fonts.py in a child process under a memory limit: loads one font and
puts it through layout, render and carets. Exit 0: done; 3: image over the size limit;
4: the font was refused (InvalidFontError); anything else is a failure."""
import resource
import sys

import satr

FONT, SCENARIO, LIMIT = sys.argv[1], sys.argv[2], int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (LIMIT, LIMIT))

TEXT = "بببب بتم الامل abc بببببببب لا 123 ـــ تم"
try:
    font = satr.Font(FONT)
except satr.InvalidFontError as e:
    print(e, file=sys.stderr)
    sys.exit(4)

options = {
    "line": {},
    "kashida": {"width": 200, "align": "justify", "justify": "kashida"},
    "optimal": {"width": 200, "breaker": "optimal", "align": "justify", "max_lines": 2},
    "narrow": {"size": 1, "width": 20},
}[SCENARIO]
text = "ب" * 2500 if SCENARIO == "narrow" else (TEXT + " ") * 4
layout = satr.layout(text, font, **options)
for i in range(0, len(text) + 1, 7):
    caret = layout.caret(i)
    layout.move_visually(i, 1)
try:
    layout.render(margin=4).to_png()
except satr.LimitExceededError as e:
    print(e, file=sys.stderr)
    sys.exit(3)
