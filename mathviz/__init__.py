"""Pure computation for the lecture: every number a scene shows is computed here.

No manim import anywhere in this package: it is importable and fast without a display or LaTeX.
"""
