"""An OptionList whose prompt updates re-render one row, not all of them."""

from __future__ import annotations

from textual.geometry import Region
from textual.visual import VisualType

from ..plain import PlainOptionList


class OneLineOptionList(PlainOptionList):
    """Every prompt is a single line (CSS text-wrap: nowrap), so replacing one prompt
    cannot change any other row or the line layout. Textual's own replace clears the
    render cache of every option: at 300 criteria that re-measures them all on each
    score key. Here only the changed option's cached rendering is dropped, and only
    its line is repainted (a whole-list repaint on every score key was most of the frame).

    Uses OptionList internals of the pinned Textual (8.2.8); tests cover the result.
    """

    def _replace_option_prompt(self, index: int, prompt: VisualType) -> None:
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [k for k in cache.keys() if k[0] is option]:
            cache.discard(key)
        line = self._index_to_line.get(index)
        if line is None:  # not laid out yet: the first paint draws it
            self.refresh()
            return
        self.refresh(Region(0, self.gutter.top + line - self.scroll_offset.y, self.outer_size.width, 1))
