"""``lecture render``, ``build``, ``export`` and ``slides``: the commands that build.

Each renders what is stale in one build session, then packages. Packaging needs
numpy, Pillow and python-pptx; they are imported by the commands that package, so
that ``lecture render`` with nothing to do answers at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from lecture.cli.progress import console, render_shown
from lecture.cli.request import BuildRequest, build_options
from lecture.kit.files import shown
from lecture.render.renderer import SceneResult

if TYPE_CHECKING:
    from lecture.publish.package import Product

__all__ = ["build", "export", "render", "slides"]


@click.command()
@click.argument("scenes", nargs=-1)
@build_options
def render(request: BuildRequest, scenes: tuple[str, ...]) -> int:
    """Render SCENES (default: all) and print each video's path.

    Each beat is narrated (see --voice), the video timed to the speech. Scenes
    whose inputs did not change since their last render are skipped.
    """
    chosen = request.lecture.select(scenes)
    with request.session(chosen) as session:
        results = render_shown(session, chosen)
    return _failed(results)


@click.command()
@click.argument("scenes", nargs=-1)
@build_options
@click.option(
    "--burn-captions",
    "burn",
    is_flag=True,
    help="Also write social/NN-Scene.mp4 with captions burned in, sized for the format.",
)
def build(request: BuildRequest, scenes: tuple[str, ...], burn: bool) -> int:
    """Render what is stale, then write the lecture as one MP4 with chapters.

    Also writes lecture.srt (every scene's captions, timed to the full video).
    The lecture's sound is the scenes' speech as one track. With
    SCENES (some of the lecture's), writes those scenes instead, as
    lecture-scenes-NN-NN.mp4 and .srt (their numbers), never lecture.mp4.
    """
    from lecture.publish.package import build_lecture, burn_captions, lecture_files

    lecture = request.lecture
    chosen = lecture.select(scenes)
    with request.session(lecture.scenes) as session:
        if _failed(render_shown(session, chosen)):
            video, _ = lecture_files(lecture, session.layout, chosen)
            console.print(f"{video.name} not written: fix the failed scenes first")
            return 1
        products = build_lecture(session, chosen)
        if burn:
            products += burn_captions(session, chosen)
    return _report(products)


@click.command()
@click.argument("scenes", nargs=-1)
@build_options
def export(request: BuildRequest, scenes: tuple[str, ...]) -> int:
    """Write slide clips of SCENES (default: all): GIF, WebM and a poster PNG each.

    Renders what is stale first. The WebM clips carry the scene's speech (Opus);
    GIFs are silent. When every scene has a poster, also writes
    export/contact-sheet.png with all of them.
    """
    from lecture.publish.package import export_slides

    chosen = request.lecture.select(scenes)
    with request.session(chosen) as session:
        results = render_shown(session, chosen)
        rendered = [r.scene for r in results if r.status != "failed"]
        products = export_slides(session, rendered)
    return max(_failed(results), _report(products))


@click.command()
@build_options
def slides(request: BuildRequest) -> int:
    """Write the lecture as slides: slides/lecture.html and slides/lecture.pptx.

    A title slide per chapter, then one slide per narrated beat, each with its
    own speech; right arrow or space plays the next beat (the HTML deck plays
    sound from the first click on: browsers allow no sound before). The HTML
    deck works offline next to its clips/ folder. Stale scenes are rendered
    first; every render saves the slides' clips, so after `lecture build` (same
    quality, format and voice) nothing is rendered again.
    """
    from lecture.publish.slides import slide_clips, write_deck

    scenes = request.lecture.scenes
    with request.session(scenes) as session:
        if _failed(render_shown(session, scenes)):
            console.print("slides not written: fix the failed scenes first")
            return 1
        products = slide_clips(session) + write_deck(session)
    return _report(products)


def _failed(results: Sequence[SceneResult]) -> int:
    """1 if any scene failed, else 0."""
    return int(any(result.status == "failed" for result in results))


def _report(products: Sequence[Product]) -> int:
    """Print each product's path (failures with their reason); 1 if any failed."""
    for product in products:
        if product.status == "failed":
            console.print(f"[bold red]failed[/] {shown(product.path)}: {product.error}")
        else:
            click.echo(shown(product.path))
    made = sum(p.status == "made" for p in products)
    failed = sum(p.status == "failed" for p in products)
    console.print(
        f"{made} files written, {len(products) - made - failed} unchanged, "
        f"{failed} failed"
    )
    return int(failed > 0)
