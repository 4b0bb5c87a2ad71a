"""Renders on a Dask cluster: a LocalCluster on 127.0.0.1 renders fixture scenes."""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

import pytest
from lecture_fixtures import BROKEN, ffprobe, frame_at

distributed = pytest.importorskip("distributed")

from lecture.render import cluster  # noqa: E402
from lecture.render.cluster import ClusterManim, RemoteResult  # noqa: E402
from lecture.render.jobs import ManimJob  # noqa: E402


@pytest.fixture(scope="module")
def scheduler():
    """A local scheduler with one worker process (two threads), on the loopback.

    The scheduler runs in this process: its logs stay out of the command's output
    (with a real cluster it runs elsewhere).
    """
    logging.getLogger("distributed").setLevel(logging.ERROR)
    with distributed.LocalCluster(
        n_workers=1,
        threads_per_worker=2,
        host="127.0.0.1",
        dashboard_address=None,
        processes=True,
    ) as cluster:
        yield cluster.scheduler_address


def test_two_scenes_render_on_the_cluster_and_a_failure_shows_in_the_summary(
    project, scheduler
):
    project.add_scene("Broken", "scenes.broken", BROKEN, "Chapter Three")
    result = project.run("render", "--cluster", scheduler, "--jobs", "2")
    assert result.exit_code == 1, result.output
    folder = project.folder()
    assert result.stdout.split() == [
        str(folder / "01-Quick.mp4"),
        str(folder / "02-Other.mp4"),
    ]
    row = next(line for line in result.stderr.splitlines() if "Broken" in line)
    assert "failed" in row
    assert "RuntimeError: fixture scene fails on purpose" in row
    assert "Traceback" in (folder / "logs" / "03-Broken.log").read_text()
    assert "1 failed" in result.stderr
    assert not (folder / "03-Broken.mp4").exists()
    assert not list((project.out / ".work").iterdir())

    # The videos came back whole: the scene's picture, its length, its captions;
    # the worker's new formula SVGs joined this machine's cache.
    video = folder / "01-Quick.mp4"
    info = ffprobe(video)
    assert float(info["format"]["duration"]) == pytest.approx(1.0, abs=0.07)
    assert frame_at(video, 0.9).mean() > 10  # the white square, not a blank frame
    assert (folder / "01-Quick.srt").is_file()
    for stem in ("01-Quick", "02-Other", "03-Broken"):
        first = (folder / "logs" / f"{stem}.log").read_text().splitlines()[0]
        assert first.startswith("Rendered on Dask worker tcp://127.0.0.1:")
    assert list((project.out / ".cache" / "Tex").glob("*.svg"))

    # Installed as local renders are: a local run finds them current.
    again = project.run("render", "Quick", "Other")
    assert again.exit_code == 0
    assert again.stderr.count("skipped (unchanged)") == 2


def test_an_unreachable_scheduler_is_one_line_before_any_work(project, monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", 1)
    result = project.run("render", "--cluster", "tcp://127.0.0.1:9")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith("lecture: --cluster tcp://127.0.0.1:9: cannot reach")
    assert not project.folder().exists()


class _Lost:
    """A future whose worker died."""

    def result(self):
        raise distributed.comm.CommClosedError("worker lost")


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


class _Client:
    """A client whose workers die for the first ``losses`` jobs."""

    def __init__(self, losses):
        self.losses, self.submitted = losses, 0

    def submit(self, *args, **kwargs):
        self.submitted += 1
        if self.submitted <= self.losses:
            return _Lost()
        return _Done(RemoteResult(0, b"rendered\n", {"video/S.mp4": b"video"}))


@pytest.fixture
def job(project, tmp_path):
    source = project.root / "scenes" / "quick.py"
    from lecture.project.settings import render_settings

    return ManimJob(
        "Quick",
        "scenes.quick",
        source,
        project.root,
        render_settings("low", "landscape"),
        variables={},
        speech={},
    )


@pytest.mark.parametrize(("losses", "code", "submitted"), [(1, 0, 2), (2, 1, 2)])
def test_a_job_lost_with_its_worker_is_sent_once_more(
    monkeypatch, project, tmp_path, job, losses, code, submitted
):
    monkeypatch.setattr(distributed, "Event", lambda *a, **k: None)
    client = _Client(losses)
    manim = ClusterManim(client, project.root, tmp_path / "cache")
    scratch, log = tmp_path / "scratch", tmp_path / "job.log"
    assert manim.run(job, scratch, log) == code
    assert client.submitted == submitted
    if code == 0:
        assert (scratch / "video" / "S.mp4").read_bytes() == b"video"
        assert log.read_text().endswith("\nrendered\n")
    else:
        assert "cluster job lost (CommClosedError: worker lost)" in log.read_text()


@pytest.mark.slow
def test_an_interrupted_run_stops_its_remote_renders(project, scheduler, tmp_path):
    pid_file = tmp_path / "manim.pid"
    project.write(
        "scenes/quick.py",
        f'''
        """A fixture scene that takes long enough to be interrupted."""
        import os
        from pathlib import Path

        from manim import *


        class Quick(Scene):
            def construct(self):
                Path({str(pid_file)!r}).write_text(str(os.getpid()))
                self.wait(600)
        ''',
    )
    process = project.spawn("render", "Quick", "--cluster", scheduler)
    deadline = time.monotonic() + 60
    while not pid_file.exists():
        assert time.monotonic() < deadline, "the slow render never started"
        time.sleep(0.1)
    manim = int(pid_file.read_text())
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert stderr.strip().splitlines()[-1].startswith("lecture: interrupted")
    deadline = time.monotonic() + 15
    while Path(f"/proc/{manim}").exists():  # the worker stops it
        assert time.monotonic() < deadline, "the remote Manim process still runs"
        time.sleep(0.1)


def test_a_worker_with_other_scene_code_refuses_the_job(project, scheduler, tmp_path):
    source = project.root / "scenes" / "quick.py"
    from lecture.project.settings import render_settings

    job = ManimJob(
        "Quick",
        "some_installed_package.quick",  # not shipped: the worker's own install
        source,
        tmp_path,
        render_settings("low", "landscape"),
        variables={},
        speech={},
    )
    with distributed.Client(scheduler) as client:
        manim = ClusterManim(client, project.root, tmp_path / "cache")
        log = tmp_path / "job.log"
        assert manim.run(job, tmp_path / "scratch", log) == 1
    assert "does not have the client's some_installed_package.quick" in log.read_text()
