"""What each scene shows, as data: one module per chapter, one function per scene.

Each story function takes the scene's options as keyword parameters (their defaults
are this lecture's) and returns a frozen story: every number, curve, point, formula
and text the scene shows, computed with :mod:`mathviz`. No manim import anywhere in
this package.
"""
