"""Hostile and mistaken input: one line, exit 2, within seconds, nothing run, nothing changed.

Every case is a lecture folder (a manifest, perhaps files beside it, and the outputs of
an earlier run under ``build/``) and a command. Each must end with exit code 2 and one
line ``lecture: <manifest>: <where>: what is wrong; how to fix it`` of at most about
300 characters, no traceback, well within :data:`TIME_BOUND`, with every file of the
folder byte-identical afterwards and no code of the folder run (hostile inputs try to
create :data:`MARKER`).

Silent recordings and interrupted renders need a real render: they are tested in
``test_narration.py`` (the scene fails alone, its previous video kept) and
``test_lecture_render.py`` (exit 130, the previous video kept).
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import struct
import subprocess
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from lecture.cli import cli
from lecture.project.errors import MAX_MESSAGE, LectureError
from lecture.project.layout import OutputLayout
from lecture.project.manifest import load_lecture
from lecture.project.settings import FORMATS
from lecture.publish.package import export_slides
from lecture.render import cluster
from lecture.render.session import BuildSession
from storyboard.coding import EXAMPLE as SHIPPED_EXAMPLE

TIME_BOUND = 10.0
"""Seconds a refusal may take on a loaded 2-core machine (it takes well under 2)."""
MARKER = "PWNED"
"""The file hostile code would create in the lecture's folder."""

SCENES = {
    "TitleCard": "scenes.opening",
    "TangentSlide": "scenes.derivatives",
    "SecantToTangent": "scenes.derivatives",
    "WhatIsOptimization": "scenes.intro",
    "JacobianLocalLinear": "scenes.gradient",
    "GradientField": "scenes.gradient",
    "LostHiker": "scenes.descent",
    "LearningRateComparison": "scenes.descent",
    "LearningRateOvershoot": "scenes.descent",
    "CodingGradientDescent": "scenes.coding",
    "Evil": "evil",
}


def manifest_text(
    scene: str = "TangentSlide",
    options: str = "",
    *,
    title: str = '"Hostile"',
    chapter: str = '"One"',
    scene_title: str = '"Under test"',
    extra: str = "",
) -> str:
    """A lecture of one chapter and one scene, with the given TOML values."""
    text = (
        f"[lecture]\ntitle = {title}\n\n[[chapter]]\ntitle = {chapter}\n\n"
        f'[[chapter.scene]]\nname = "{scene}"\nmodule = "{SCENES.get(scene, scene)}"\n'
        f"title = {scene_title}\n{extra}\n"
    )
    return text + (f"[chapter.scene.options]\n{options}\n" if options else "")


def lecture_folder(root: Path, text: str, files: dict[str, str] | None = None) -> Path:
    """A lecture folder with its manifest, files, and an earlier run's outputs."""
    folder = root / "lecture"
    for relative, content in {"lecture.toml": text, **(files or {})}.items():
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_text(content)
    earlier = folder / "build" / "hostile" / "landscape" / "low"
    (earlier / "logs").mkdir(parents=True)
    (earlier / "01-TangentSlide.mp4").write_bytes(bytes(range(256)) * 64)
    (earlier / "01-TangentSlide.srt").write_text(
        "1\n00:00:00,000 --> 00:00:01,000\nHi\n"
    )
    (earlier / "logs" / "01-TangentSlide.log").write_text("rendered\n")
    return folder


def snapshot(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (links not followed) and its content's digest.

    A file over a megabyte (the sparse gigabyte) is known by its size and time.
    """

    def content(path: Path) -> str:
        if path.is_symlink():
            return f"link to {path.readlink()}"
        facts = path.stat()
        if facts.st_size > 1 << 20:
            return f"{facts.st_size} bytes, written at {facts.st_mtime_ns}"
        return hashlib.sha256(path.read_bytes()).hexdigest()

    return {
        str(path.relative_to(folder)): content(path)
        for path in sorted(folder.rglob("*"))
        if path.is_symlink() or path.is_file()
    }


def refused(folder: Path, *args: str, expected: str, command: str = "check") -> str:
    """Run ``lecture --manifest <folder>/lecture.toml COMMAND ARGS``; check the refusal.

    Returns the line.
    """
    before = snapshot(folder)
    start = time.monotonic()
    result = CliRunner().invoke(
        cli, ["--manifest", str(folder / "lecture.toml"), command, *args]
    )
    elapsed = time.monotonic() - start
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    (line,) = [line for line in result.stderr.splitlines() if line.strip()]
    assert line.startswith("lecture: ")
    assert len(line) <= len("lecture: ") + MAX_MESSAGE, line
    assert expected in line, line
    assert elapsed < TIME_BOUND
    assert snapshot(folder) == before
    assert not (folder / MARKER).exists()
    assert not Path(MARKER).exists()
    return line


# --- header, chapters, scenes: every key --------------------------------------------

LONG = "a" * 300


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"title": '""'}, "[lecture].title: the text is empty; e.g. title = "),
        ({"title": f'"{LONG}"'}, "[lecture].title: the text is 300 characters long"),
        ({"title": '"two\\nlines"'}, "[lecture].title: the text holds a line break"),
        ({"title": '"x"\nclub = 3'}, "[lecture].club: input should be a valid string"),
        ({"chapter": '""'}, "chapter 1.title: the text is empty"),
        ({"chapter": f'"{LONG}"'}, "chapter 1.title: the text is 300 characters long"),
        ({"scene_title": '"   "'}, "TangentSlide.title: the text is empty"),
        (
            {"scene_title": f'"{LONG}"'},
            "TangentSlide.title: the text is 300 characters",
        ),
        ({"extra": "poster = nan"}, "TangentSlide.poster: poster must be a time"),
        ({"extra": "poster = inf"}, "TangentSlide.poster: poster must be a time"),
        ({"extra": "poster = -1"}, "TangentSlide.poster: poster must be a time"),
    ],
    ids=[
        "empty-title",
        "long-title",
        "two-line-title",
        "club-number",
        "empty-chapter",
        "long-chapter",
        "blank-scene-title",
        "long-scene-title",
        "poster-nan",
        "poster-inf",
        "poster-negative",
    ],
)
def test_header_chapter_and_scene_fields(tmp_path, fields, expected):
    refused(lecture_folder(tmp_path, manifest_text(**fields)), expected=expected)


@pytest.mark.parametrize(
    ("scene", "options", "expected"),
    [
        *(
            (
                "LearningRateOvershoot",
                f'function = "{f}"',
                "LearningRateOvershoot.options.function: needs a quadratic bowl "
                f"a*x^2 + b*x + c with a > 0; got {f}",
            )
            for f in ("exp(x)", "sin(x)", "1/x", "abs(x)", "x^3")
        ),
        (
            "JacobianLocalLinear",
            'functions = ["1/x", "y"]',
            "JacobianLocalLinear.options.functions: f = 1/x is infinite",
        ),
        (
            "JacobianLocalLinear",
            'functions = ["x + y", "2*x + 2*y"]',
            "JacobianLocalLinear.options.point: J(p) is singular",
        ),
        (
            "GradientField",
            'function = "sqrt(x^2 + y^2)"\npoint = [0, 0]',
            "GradientField.options.point: f has no finite gradient at [0.0, 0.0]",
        ),
        (
            "LearningRateComparison",
            'function = "abs(x) + abs(y)"',
            "LearningRateComparison.options.function: Abs(x) + Abs(y) is not twice "
            "differentiable",
        ),
        (
            "TangentSlide",
            "x_range = [-inf, inf]",
            "TangentSlide.options.x_range: items 1, 2: input should be a finite number",
        ),
        (
            "TangentSlide",
            "x_range = [nan, 1.0]",
            "TangentSlide.options.x_range: item 1: input should be a finite number",
        ),
        (
            "LostHiker",
            "learning_rate = inf",
            "LostHiker.options.learning_rate: input should be a finite number",
        ),
        (
            "LostHiker",
            "start = [1.501, 1.197]",
            "LostHiker.options.start: the hiker arrives after 0 steps; start farther",
        ),
        (
            "SecantToTangent",
            "steps = [" + ", ".join(["0.5"] * 100_000) + "]",
            "SecantToTangent.options.steps: tuple should have at most 8 items",
        ),
        (
            "TangentSlide",
            'function = "pi^1000*x"',
            "TangentSlide.options.function: number too large in 'pi^1000'",
        ),
    ],
    ids=[
        "overshoot-exp",
        "overshoot-sin",
        "overshoot-1/x",
        "overshoot-abs",
        "overshoot-cubic",
        "jacobian-1/x",
        "jacobian-singular",
        "gradient-at-a-cone's-tip",
        "comparison-abs",
        "infinite-range",
        "nan-range",
        "infinite-rate",
        "hiker-arrives-at-once",
        "hundred-thousand-steps",
        "huge-constant",
    ],
)
def test_every_option_is_one_clear_line(tmp_path, scene, options, expected):
    line = refused(
        lecture_folder(tmp_path, manifest_text(scene, options)), expected=expected
    )
    for internal in ("0-dimensional", "DiracDelta", "= nan", "got inf", "1 steps"):
        assert internal not in line


def test_a_manifest_over_a_megabyte_is_refused_unread(tmp_path):
    steps = "steps = [" + ", ".join(["0.5"] * 500_000) + "]"
    folder = lecture_folder(tmp_path, manifest_text("SecantToTangent", steps))
    refused(folder, expected="lecture.toml: larger than 1000 kB")


def test_counts_are_said_in_the_singular_too(tmp_path):
    folder = lecture_folder(tmp_path, manifest_text("TitleCard"))
    result = CliRunner().invoke(
        cli, ["--manifest", str(folder / "lecture.toml"), "check"]
    )
    assert result.exit_code == 0
    assert "1 chapter, 1 scene, every option checked" in result.stdout


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('[lecture\ntitle = "x"', "TOML syntax error"),
        ("\udcff", "cannot read it"),
        ("[lecture]\nclub = 'x'\n", 'needs a [lecture] table with title = "..."'),
    ],
    ids=["toml-syntax", "not-utf8", "no-title"],
)
def test_unreadable_manifests(tmp_path, text, expected):
    folder = lecture_folder(tmp_path, "")
    (folder / "lecture.toml").write_bytes(text.encode("utf-8", "surrogateescape"))
    refused(folder, expected=expected)


# --- bounded checks ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("scene", "options", "expected"),
    [
        (
            "TangentSlide",
            'function = "sin(1000000*x)"',
            "f has more than 20 critical points in [-2.5, 2.5]; narrow x_range or "
            "choose a slower function",
        ),
        ("TangentSlide", 'function = "sin(10000*x)"', "more than 20 critical points"),
        (
            "TangentSlide",
            'function = "x^999 - x"\nx_range = [-1, 1]',
            "f is a polynomial of degree 999; critical points are listed for degrees "
            "up to 24",
        ),
        (
            "WhatIsOptimization",
            'function = "(x + 1)^999 - x"\nx_range = [-1.5, -0.5]',
            "f is a polynomial of degree 999",
        ),
        (
            "WhatIsOptimization",
            'function = "x*sin(1/x)"\nx_range = [0.01, 1]',
            "more than 20 critical points",
        ),
        (
            "CodingGradientDescent",
            'example = "wiggle.py"',
            "more than 20 critical points",
        ),
    ],
    ids=["sin-1e6x", "sin-1e4x", "degree-999", "expanded-999", "x-sin-1/x", "example"],
)
def test_pathological_formulas_are_refused_within_seconds(
    tmp_path, scene, options, expected
):
    wiggle = (
        '"""f wiggles."""\n\n\ndef f(x):\n    return x^2 + cos(1000*x)\n'.replace(
            "^", "**"
        )
        + "\n\ndef df(x):\n    return 2*x - 1000*sin(1000*x)\n\n\n"
        "x, alpha = 1.0, 0.0001\nfor step in range(1, 4):\n"
        '    x = x - alpha * df(x)\n    print(step, f"{x:.4f}")\n'
    )
    files = {
        "wiggle.py": wiggle.replace(
            "\n\n\ndef f", "\nfrom math import cos, sin\n\n\ndef f", 1
        )
    }
    folder = lecture_folder(tmp_path, manifest_text(scene, options), files)
    refused(folder, expected=expected)


# --- files stay inside the lecture's folder ----------------------------------------


def coding(tmp_path: Path, example: str, files: dict[str, str] | None = None) -> Path:
    return lecture_folder(
        tmp_path,
        manifest_text("CodingGradientDescent", f"example = {json.dumps(example)}"),
        files,
    )


def test_an_absolute_example_is_refused(tmp_path):
    folder = coding(tmp_path, "/etc/passwd")
    refused(
        folder,
        expected="CodingGradientDescent.options.example: /etc/passwd is an absolute "
        "path; name a file inside the lecture's folder",
    )


def test_an_example_up_the_tree_is_refused(tmp_path):
    (tmp_path / "outside.py").write_text("secret = 1\n")
    folder = coding(tmp_path, "../outside.py")
    refused(folder, expected="../outside.py leads outside the lecture's folder")


def test_an_example_linked_out_of_the_folder_is_refused(tmp_path):
    (tmp_path / "outside.py").write_text("secret = 1\n")
    folder = coding(tmp_path, "examples/run.py")
    (folder / "examples").mkdir()
    (folder / "examples" / "run.py").symlink_to(tmp_path / "outside.py")
    refused(folder, expected="examples/run.py leads outside the lecture's folder")


def test_a_gigabyte_example_is_refused_before_reading(tmp_path):
    folder = coding(tmp_path, "huge.py")
    with (folder / "huge.py").open("wb") as file:
        file.truncate(1 << 30)  # sparse: a gigabyte that costs no disk
    refused(
        folder,
        expected="huge.py is 1,048,576 kB; a file an option names is at most 64 kB",
    )


@pytest.fixture
def recording_lecture(tmp_path: Path) -> Path:
    return lecture_folder(tmp_path, manifest_text("TitleCard"))


def wav_header(seconds: float, rate: int = 8000, frames: int = 800) -> bytes:
    """A mono 8-bit WAV whose header claims ``seconds``, with ``frames`` samples."""
    size = int(seconds * rate)
    fmt = struct.pack("<HHIIHH", 1, 1, rate, rate, 1, 8)
    body = b"fmt " + struct.pack("<I", len(fmt)) + fmt
    body += b"data" + struct.pack("<I", size) + bytes([128, 200] * (frames // 2))
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WAVE" + body


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda folder, path: path.write_bytes(wav_header(2 * 3600)),
            "narration/TitleCard/01.wav: 120 min long by its header; a recording of "
            "one beat is at most 10 min",
        ),
        (
            lambda folder, path: path.symlink_to(folder.parent / "outside.wav"),
            "narration/TitleCard/01.wav: leads outside the lecture's folder",
        ),
        (
            lambda folder, path: path.write_text("#EXTM3U\nfile:///etc/passwd\n"),
            "narration/TitleCard/01.wav: not a WAV file (no RIFF/WAVE header); record "
            "or convert it to WAV",
        ),
    ],
    ids=["two-hours", "linked-outside", "playlist"],
)
def test_recordings_are_checked_before_any_work(recording_lecture, make, expected):
    folder = recording_lecture
    (folder.parent / "outside.wav").write_bytes(wav_header(1.0))
    path = folder / "narration" / "TitleCard" / "01.wav"
    path.parent.mkdir(parents=True)
    make(folder, path)
    refused(folder, "--voice", "flite", expected=expected, command="render")
    refused(folder, "--voice", "none", expected=expected, command="script")


def test_a_poster_past_the_end_of_its_scene_is_refused_before_export(tmp_path):
    folder = lecture_folder(tmp_path, manifest_text("TitleCard", extra="poster = 5"))
    lecture = load_lecture(folder / "lecture.toml")
    layout = OutputLayout(folder / "build", lecture.slug, FORMATS[0], "low", "none")
    (scene,) = lecture.scenes
    layout.folder.mkdir(parents=True, exist_ok=True)
    video = layout.video(scene)
    subprocess.run(
        ["ffmpeg", "-v", "error", "-f", "lavfi", "-i", "color=c=black:s=64x36:d=1",
         "-c:v", "libx264", "-preset", "ultrafast", str(video)],
        check=True,
    )  # fmt: skip
    before = snapshot(folder)
    with pytest.raises(LectureError) as refusal:
        export_slides(BuildSession.open(lecture, layout), [scene])
    assert refusal.value.exit_code == 2
    assert str(refusal.value).endswith(
        "TitleCard.poster: 5 s is past the end of the scene, whose video lasts 1.00 s; "
        "choose a time from 0 to 1.00"
    )
    assert snapshot(folder) == before


# --- code that runs is said ----------------------------------------------------------

EVIL = f"""
import pathlib
pathlib.Path(__file__).with_name("{MARKER}").write_text("ran")


class Evil:
    pass
"""


def test_scene_code_from_the_lecture_folder_is_named_and_needs_trust(tmp_path):
    folder = lecture_folder(
        tmp_path, manifest_text("Evil", scene_title='"Innocent"'), {"evil.py": EVIL}
    )
    runner = CliRunner()
    manifest = ["--manifest", str(folder / "lecture.toml")]
    check = runner.invoke(cli, [*manifest, "check"])
    assert check.exit_code == 0
    assert "Python code comes from the lecture's folder: Evil (evil.py)" in check.stdout
    listing = runner.invoke(cli, [*manifest, "list"])
    assert "evil  [lecture's own code]" in listing.stdout
    for command in ("render", "build", "export", "slides", "script"):
        refused(
            folder,
            "--voice",
            "none",
            command=command,
            expected="lecture.toml: Evil: Python code from the lecture's folder "
            "(evil.py) runs when it renders; if you trust this folder, pass --trust-code",
        )


def test_a_scene_module_linked_out_of_the_folder_is_refused_unread(tmp_path):
    (tmp_path / "elsewhere.py").write_text(EVIL)
    folder = lecture_folder(tmp_path, manifest_text("Evil"))
    (folder / "evil.py").symlink_to(tmp_path / "elsewhere.py")
    refused(folder, expected="scene 'Evil': module 'evil': evil.py leads outside")


@pytest.mark.parametrize(
    "hostile",
    [
        "__import__('os').system('touch PWNED')",
        "().__class__.__base__.__subclasses__()",
        "9**9**9**9",
        "open('PWNED', 'w')",
    ],
)
def test_hostile_formulas_run_nothing(tmp_path, hostile):
    folder = lecture_folder(
        tmp_path, manifest_text("TangentSlide", f"function = {json.dumps(hostile)}")
    )
    refused(folder, expected="TangentSlide.options.function: ")


# --- the coding example cannot contradict itself -------------------------------------

EXAMPLE = SHIPPED_EXAMPLE.read_text()


@pytest.mark.parametrize(
    ("edit", "expected"),
    [
        (
            lambda text: (
                text.replace("2 * (x - 3)", "7 * x + 100")
                .replace("x - alpha", "x + alpha")
                .replace('print(step, f"{x:.4f}", f"{f(x):.4f}")', 'print("hello")')
            ),
            "example.py line 9: df(x) returns 7*x + 100, but f'(x) = 2*x - 6; write "
            "return 2*x - 6",
        ),
        (
            lambda text: text.replace("x - alpha", "x + alpha"),
            "example.py line 14: the update 'x = x + alpha * df(x)' is not gradient "
            "descent; write x = x - alpha * df(x)",
        ),
        (
            lambda text: text.replace("x - alpha * df(x)", "x - alpha * f(x)"),
            "example.py line 14: the update 'x = x - alpha * f(x)' is not a step of x",
        ),
        (
            lambda text: text.replace('f"{x:.4f}"', "x"),
            "example.py line 15: print x with a fixed number of digits",
        ),
        (
            lambda text: text.replace('f"{x:.4f}"', "x * 2"),
            "example.py line 15: print shows 'x * 2'; the log can show step, x",
        ),
        (
            lambda text: text.replace("range(1, 7)", "range(1, 100000)"),
            "example.py line 13: the loop runs 99,999 times; the scene shows 1 to 10",
        ),
        (
            lambda text: text.replace("    print(", "    x = x\n    print("),
            "example.py line 13: the loop's body must be the update of x, then a print",
        ),
        (
            lambda text: f"import os\nos.system('touch {MARKER}')\n" + text,
            "example.py line 1: unexpected import",
        ),
        (
            lambda text: text.replace("return (x - 3) ** 2 + 1", "return exp(x)"),
            "example.py line 5: f uses 'exp', which the file does not define",
        ),
        (
            lambda text: text.replace(", 0.25", ", float('nan')"),
            "example.py line 12: expected x, alpha = <start>, <rate> (two numbers)",
        ),
    ],
    ids=[
        "the-issue's-file",
        "update-uphill",
        "update-by-f",
        "unformatted-x",
        "printed-expression",
        "endless-loop",
        "third-statement",
        "runs-at-import",
        "undefined-name",
        "nan-rate",
    ],
)
def test_the_coding_example_cannot_contradict_itself(tmp_path, edit, expected):
    folder = coding(tmp_path, "example.py", {"example.py": edit(EXAMPLE)})
    refused(folder, expected=f"CodingGradientDescent.options.example: {expected}")


# --- every flag -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["render", "--cluster", "foo"], "'foo' is not tcp://HOST:PORT"),
        (["render", "--cluster", "tcp://host:99999"], "is not tcp://HOST:PORT"),
        (["render", "--cluster", "http://127.0.0.1:80"], "is not tcp://HOST:PORT"),
        (["render", "--quality", "ultra"], "'ultra' is not one of"),
        (["render", "--jobs", "0"], "0 is not in the range x>=1"),
        (["render", "--voice", "espeak"], "'espeak' is not one of"),
        (["render", "Nope"], "unknown scene 'Nope'"),
        (
            ["script", "-o", "/proc/lecture/script.md"],
            "--output /proc/lecture/script.md",
        ),
        (["inspect", "Nope"], "unknown scene 'Nope'"),
    ],
)
def test_flags(tmp_path, args, expected):
    folder = lecture_folder(tmp_path, manifest_text("TitleCard"))
    refused(folder, *args[1:], command=args[0], expected=expected)


def test_a_manifest_that_is_not_a_file(tmp_path):
    folder = lecture_folder(tmp_path, manifest_text("TitleCard"))
    (folder / "lecture.toml").unlink()
    os.mkfifo(folder / "lecture.toml")  # opening it would wait for a writer forever
    refused(folder, expected="lecture.toml: not a file")


@pytest.fixture
def not_dask(monkeypatch) -> Iterator[dict[str, str]]:
    """Services on the loopback that are not Dask schedulers: HTTP, SSH-like, silent."""
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)

    class Quiet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            self.send_error(404)

    http = ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    banner = socket.create_server(("127.0.0.1", 0))
    stop = threading.Event()

    def greet() -> None:
        banner.settimeout(0.2)
        while not stop.is_set():
            try:
                connection, _ = banner.accept()
            except TimeoutError:
                continue
            with connection:
                connection.sendall(b"SSH-2.0-OpenSSH_9.2\r\n")
                stop.wait(2)

    threads = [
        threading.Thread(target=http.serve_forever, daemon=True),
        threading.Thread(target=greet, daemon=True),
    ]
    for thread in threads:
        thread.start()
    yield {
        "http": f"tcp://127.0.0.1:{http.server_address[1]}",
        "ssh": f"tcp://127.0.0.1:{banner.getsockname()[1]}",
    }
    stop.set()
    http.shutdown()
    http.server_close()
    banner.close()


@pytest.mark.parametrize(
    ("service", "expected"),
    [
        ("http", "what listens there is not a Dask scheduler (no greeting within 1 s)"),
        ("ssh", "what answers there is not a Dask scheduler"),
    ],
)
def test_a_scheduler_that_is_not_dask(tmp_path, not_dask, service, expected):
    folder = lecture_folder(tmp_path, manifest_text("TitleCard"))
    line = refused(
        folder, "--cluster", not_dask[service], command="render", expected=expected
    )
    assert "leave --cluster out to render here" in line


# --- ids, words for beats and the theme ------------------------------------------------


def themed(text: str, theme: str) -> str:
    return text.replace("[[chapter]]", f"[lecture.theme]\n{theme}\n\n[[chapter]]", 1)


@pytest.mark.parametrize(
    ("text", "files", "expected"),
    [
        (
            manifest_text(extra='id = "../../etc"'),
            {},
            "TangentSlide.id: '../../etc' is not an id",
        ),
        (manifest_text(extra=f'id = "{"a" * 101}"'), {}, "TangentSlide.id: 'aaaa"),
        (
            manifest_text(extra='say = { "1" = "$(rm -rf /)" }'),
            {},
            "TangentSlide.say.1: the voice would read $ literally",
        ),
        (
            manifest_text(extra=f'say = {{ "1" = "{LONG}" }}'),
            {},
            "TangentSlide.say.1: the text is 300 characters long",
        ),
        (
            manifest_text(extra='caption = { "100000" = "x" }'),
            {},
            "TangentSlide.caption.100000: not a beat number from 1 to 99",
        ),
        (
            themed(manifest_text(), 'logo = "/etc/passwd"'),
            {},
            "[lecture.theme].logo: /etc/passwd is an absolute path",
        ),
        (
            themed(manifest_text(), 'logo = "big.png"'),
            {"big.png": "x" * (1024 * 1024 + 1)},
            "[lecture.theme].logo: big.png is 1,024 kB; a logo is at most 1024 kB",
        ),
        (
            themed(manifest_text(), 'font = "$(touch PWNED)"'),
            {},
            "[lecture.theme].font: no installed font '$(touch PWNED)'",
        ),
        (
            themed(
                manifest_text(),
                'background = "#ffffff"\ntext = "#fefefe"\naccent = "#000000"',
            ),
            {},
            "[lecture.theme].text: #fefefe on the background #ffffff has a contrast of 1.0:1",
        ),
        (
            themed(manifest_text(), 'accent = "url(javascript:alert(1))"'),
            {},
            "[lecture.theme].accent: 'url(javascript:alert(1))' is not a colour",
        ),
    ],
    ids=[
        "id-path",
        "id-long",
        "say-shell",
        "say-long",
        "caption-huge-beat",
        "logo-absolute",
        "logo-huge",
        "font-shell",
        "theme-unreadable",
        "accent-not-colour",
    ],
)
def test_ids_words_and_themes_are_one_clear_line(tmp_path, text, files, expected):
    refused(lecture_folder(tmp_path, text, files), expected=expected)


def test_a_logo_linked_out_of_the_folder_is_refused(tmp_path):
    outside = tmp_path / "secret.png"
    outside.write_bytes(b"\x89PNG")
    folder = lecture_folder(tmp_path, themed(manifest_text(), 'logo = "logo.png"'))
    (folder / "logo.png").symlink_to(outside)
    refused(folder, expected="[lecture.theme].logo: logo.png leads outside")
