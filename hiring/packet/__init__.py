"""The committee's PDF packet, made apart from the request that asks for it.

- ``content``: the packet's HTML (and the arithmetic it prints) from the debrief view, and
  the version of everything besides the data that shapes it.
- ``cache``: packets stored by the hash of what they show; a hit costs one lookup.
- ``renderer``: the pool of long-lived render workers, with time, page and size limits.
- ``worker``: the render process itself, with the sealed fetcher (never imported by the app).
- ``jobs``: a web packet rendered in the background, with a state the page polls.

The SVG chart lives in ``hiring/charts.py``: the debrief page draws the same one.
"""
