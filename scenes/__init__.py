"""Manim scenes of the lecture, one module per storyboard chapter, sharing one look."""
