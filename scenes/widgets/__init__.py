"""Widgets the scenes share, by kind.

- :mod:`~scenes.widgets.layout`: arranging, drawing order, the inspector's exceptions;
- :mod:`~scenes.widgets.motion`: in-place animations and rate functions;
- :mod:`~scenes.widgets.readouts`: live numbers, readouts, the countdown;
- :mod:`~scenes.widgets.cards`: labels, wrapped text, formula and quiz cards, code;
- :mod:`~scenes.widgets.plots`: axes, lines, level curves, paths and trails;
- :mod:`~scenes.widgets.space`: 3D: framing a view in a panel, labels, turning.
"""
