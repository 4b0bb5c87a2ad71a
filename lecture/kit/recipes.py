"""The recipes' versions, in one place: each changes when the way its output is made changes.

A version is part of its outputs' fingerprints (or cache keys), so that changing it
makes every such output again, and nothing else.
"""

from __future__ import annotations

__all__ = [
    "CHECK",
    "DECK",
    "GIF",
    "LECTURE",
    "LEVELLED",
    "NARRATION",
    "POSTER",
    "RENDER",
    "SHEET",
    "SLIDE_CLIP",
    "SOCIAL",
    "SPEECH",
    "WEBM",
]

CHECK = "check-cache-1"
"""What the manifest check's cache stores."""
SPEECH = 1
"""The speech cache's layout and the synthesis settings."""
LEVELLED = "levelled-1"
"""How a speech is levelled to the lecture's loudness."""
RENDER = "lecture-render-4"
"""How the tool invokes Manim."""
NARRATION = "lecture-narration-2"
"""How a scene's sound and captions are made."""
LECTURE = "lecture-3"
"""How the scenes are joined into the lecture's video and captions."""
SOCIAL = "social-2"
"""How captions are burned into a scene's social cut."""
GIF = "gif-1"
"""How a scene's GIF clip is made."""
WEBM = "webm-2"
"""How a scene's WebM clip is made."""
POSTER = "poster-1"
"""How a scene's poster is chosen and written."""
SHEET = "sheet-1"
"""How the contact sheet of posters is drawn."""
SLIDE_CLIP = "slide-clip-2"
"""How a slide's clip gets its stretch of the scene's sound."""
DECK = "slides-deck-1"
"""How the HTML and PowerPoint decks are written."""
