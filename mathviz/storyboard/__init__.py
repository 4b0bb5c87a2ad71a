"""The lecture's own numbers: one module per storyboard chapter, one function per scene.

Each public zero-argument function computes everything its scene shows (curves, points,
paths, formulas) from the lecture's chosen functions and parameters. Scenes draw these
results; tests compare what is drawn against them; ``benchmarks/mathviz_bench.py`` times
them all.
"""
