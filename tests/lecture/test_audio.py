"""Scene sound, measured: beats where they belong, silence between, loudness, muxing."""

from __future__ import annotations

import re
import subprocess
import wave
from pathlib import Path

import numpy as np
import pytest

from lecture.kit.media import audio_info, probe
from lecture.sound.audio import (
    SAMPLE_RATE,
    TARGET_LOUDNESS,
    TARGET_TRUE_PEAK,
    concat,
    cut,
    measure,
    mux,
    normalize,
    track,
)
from lecture.sound.voice import Speech, synthesize

VIDEO_SECONDS = 9.0
ONSET_TOLERANCE = 0.1


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> list[Speech]:
    """Two of piper's sentences (about 2 s each)."""
    return synthesize(
        ["Take a point P on a curve.", "The slope is flat at the minimum."],
        "piper",
        tmp_path_factory.mktemp("speech"),
    )


@pytest.fixture(scope="module")
def work(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("audio")


@pytest.fixture(scope="module")
def raw_track(speech, work) -> Path:
    """Beats at 2.0 s and 5.5 s of a 9 s scene."""
    return track(
        [(2.0, speech[0].path), (5.5, speech[1].path)], VIDEO_SECONDS, work / "raw.wav"
    )


@pytest.fixture(scope="module")
def normalized(raw_track, work) -> Path:
    return normalize(raw_track, work / "track.wav")


def make_video(path: Path, seconds: float = VIDEO_SECONDS, audio: bool = False) -> Path:
    """A tiny test-pattern video (H.264 for .mp4, VP9 for .webm), optionally with a tone."""
    codec = (
        ["-c:v", "libvpx-vp9", "-b:v", "100k"]
        if path.suffix == ".webm"
        else ["-c:v", "libx264", "-pix_fmt", "yuv420p"]
    )
    tone = (
        ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"] if audio else []
    )
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", f"testsrc=size=160x90:rate=10:duration={seconds}", *tone, *codec, str(path)],
        check=True,
    )  # fmt: skip
    return path


def video_md5(path: Path) -> str:
    """The MD5 of a file's video packets (ffmpeg's md5 muxer on a stream copy)."""
    return subprocess.run(
        ["ffmpeg", "-v", "error", "-i", str(path), "-map", "0:v", "-c", "copy", "-f", "md5", "-"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def sounds(
    path: Path, noise_db: float = -50, gap: float = 0.3
) -> list[tuple[float, float]]:
    """(start, end) of each stretch of sound, as ffmpeg's silencedetect hears it."""
    log = subprocess.run(
        ["ffmpeg", "-hide_banner", "-nostats", "-i", str(path), "-af", f"silencedetect=noise={noise_db}dB:d={gap}", "-f", "null", "-"],
        capture_output=True, text=True, check=True,
    ).stderr  # fmt: skip
    silences = re.findall(r"silence_start: (-?[\d.]+)|silence_end: (-?[\d.]+)", log)
    cuts = [0.0]  # sound runs from each silence's end to the next silence's start
    for start, end in silences:
        cuts.append(float(start) if start else float(end))
    if len(cuts) % 2:
        cuts.append(audio_info(path).seconds)
    pairs = zip(cuts[::2], cuts[1::2], strict=True)
    return [(begin, end) for begin, end in pairs if end - begin > 0.05]


def samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        data = np.frombuffer(wav.readframes(wav.getnframes()), dtype="<i2")
        return data.reshape(-1, wav.getnchannels()).astype(float) / 32768


def test_the_track_lasts_exactly_the_video(raw_track):
    info = audio_info(raw_track)
    assert (info.codec, info.sample_rate, info.channels) == ("pcm_s16le", 48000, 2)
    assert len(samples(raw_track)) == round(VIDEO_SECONDS * SAMPLE_RATE)


def test_each_speech_starts_at_its_beat(raw_track, speech):
    heard = sounds(raw_track)
    assert len(heard) == 2, heard
    for (start, end), beat, said in zip(heard, (2.0, 5.5), speech, strict=True):
        assert start == pytest.approx(beat, abs=ONSET_TOLERANCE)
        assert end - start == pytest.approx(said.seconds, abs=0.15)


def test_there_is_silence_between_beats(raw_track, speech):
    data = samples(raw_track)
    gap = data[
        round((2.0 + speech[0].seconds + 0.01) * SAMPLE_RATE) : round(5.5 * SAMPLE_RATE)
    ]
    assert len(gap) > 0.5 * SAMPLE_RATE
    assert np.abs(gap).max() == 0  # digital silence
    assert np.abs(data[: round(2.0 * SAMPLE_RATE)]).max() == 0


def test_speech_past_the_end_is_cut_and_no_beats_is_silence(speech, work):
    late = track([(8.0, speech[0].path)], VIDEO_SECONDS, work / "late.wav")
    assert len(samples(late)) == round(VIDEO_SECONDS * SAMPLE_RATE)
    assert sounds(late)[0][0] == pytest.approx(8.0, abs=ONSET_TOLERANCE)
    quiet = track([], 3.0, work / "quiet.wav")
    assert len(samples(quiet)) == 3 * SAMPLE_RATE
    assert np.abs(samples(quiet)).max() == 0


def test_bad_track_arguments(speech, work):
    with pytest.raises(ValueError, match="positive"):
        track([], 0, work / "x.wav")
    with pytest.raises(ValueError, match="negative"):
        track([(-1.0, speech[0].path)], 3.0, work / "x.wav")


def test_measure_reads_a_known_tone(work):
    # A 997 Hz sine peaking at -20 dBFS in one channel: -23.0 LUFS (BS.1770), true peak -20.
    tone = work / "tone.wav"
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "aevalsrc=0.1*sin(2*PI*997*t):s=48000:d=5", str(tone)],
        check=True,
    )  # fmt: skip
    level = measure(tone)
    assert level.integrated == pytest.approx(-23.0, abs=0.2)
    assert level.true_peak == pytest.approx(-20.0, abs=0.2)


def test_normalized_track_is_at_the_target_loudness(raw_track, normalized):
    before, after = measure(raw_track), measure(normalized)
    assert (
        before.true_peak + TARGET_LOUDNESS - before.integrated > TARGET_TRUE_PEAK
    )  # needs limiting
    assert after.integrated == pytest.approx(TARGET_LOUDNESS, abs=1.0)
    assert after.integrated == pytest.approx(TARGET_LOUDNESS, abs=0.5)
    assert after.true_peak <= TARGET_TRUE_PEAK
    assert len(samples(normalized)) == len(samples(raw_track))


def test_normalizing_keeps_the_beats_in_place(normalized):
    heard = sounds(normalized)
    assert [round(start, 1) for start, _ in heard] == [2.0, 5.5]


def test_a_quiet_recording_is_raised(work, speech):
    quiet = work / "quiet-voice.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(speech[1].path), "-af", "volume=-25dB", str(quiet)], check=True)  # fmt: skip
    assert measure(quiet).integrated < -40
    level = measure(normalize(quiet, work / "raised.wav"))
    assert level.integrated == pytest.approx(TARGET_LOUDNESS, abs=0.5)
    assert level.true_peak <= TARGET_TRUE_PEAK


def test_silence_and_a_blip_are_not_blown_up(work):
    silence = normalize(track([], 2.0, work / "s.wav"), work / "s-norm.wav")
    assert np.abs(samples(silence)).max() == 0
    blip = work / "blip.wav"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=0.2", "-af", "volume=-30dB", str(blip)], check=True)  # fmt: skip
    level = measure(normalize(blip, work / "blip-norm.wav"))
    assert level.true_peak == pytest.approx(TARGET_TRUE_PEAK - 1.0, abs=0.5)


@pytest.mark.parametrize(("suffix", "codec"), [(".mp4", "aac"), (".webm", "opus")])
def test_mux_copies_the_video_and_adds_the_sound(work, normalized, suffix, codec):
    video = make_video(work / f"scene{suffix}")
    out = mux(video, normalized, work / f"narrated{suffix}")
    assert video_md5(out) == video_md5(video)
    assert probe(out).duration == pytest.approx(probe(video).duration, abs=0.1)
    info = audio_info(out)
    assert (info.codec, info.sample_rate) == (codec, 48000)
    assert info.seconds == pytest.approx(VIDEO_SECONDS, abs=0.1)
    level = measure(out)
    assert level.integrated == pytest.approx(TARGET_LOUDNESS, abs=1.0)
    assert level.true_peak <= TARGET_TRUE_PEAK
    assert [round(start, 1) for start, _ in sounds(out, noise_db=-45)] == [2.0, 5.5]


def test_mux_fits_any_track_to_the_video_and_replaces_its_sound(work, speech):
    video = make_video(work / "toned.mp4", seconds=4.0, audio=True)
    short = mux(
        video, speech[0].path, work / "short.mp4"
    )  # 2 s of speech, 4 s of video
    assert audio_info(short).seconds == pytest.approx(4.0, abs=0.1)
    assert probe(short).duration == pytest.approx(4.0, abs=0.1)
    long = track([(0.0, speech[0].path)], 7.0, work / "long.wav")
    cut_off = mux(video, long, work / "long.mp4")
    assert probe(cut_off).duration == pytest.approx(4.0, abs=0.1)
    streams = subprocess.run(
        ["ffprobe", "-v", "error", "-show_entries", "stream=codec_type", "-of", "csv=p=0", str(short)],
        capture_output=True, text=True, check=True,
    ).stdout.split()  # fmt: skip
    assert streams == ["video", "audio"]
    assert sounds(short)[0][0] < 0.1  # the speech, not the tone
    with pytest.raises(ValueError, match="cannot mux audio into x.gif"):
        mux(video, long, work / "x.gif")


def test_mux_keeps_chapters(work, normalized):
    video = make_video(work / "chaptered-source.mp4")
    metadata = work / "chapters.txt"
    metadata.write_text(
        ";FFMETADATA1\ntitle=Lecture\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=4000\ntitle=One\n"
        "[CHAPTER]\nTIMEBASE=1/1000\nSTART=4000\nEND=9000\ntitle=Two\n"
    )
    chaptered = work / "chaptered.mp4"
    subprocess.run(["ffmpeg", "-v", "error", "-y", "-i", str(video), "-i", str(metadata), "-map_metadata", "1", "-map_chapters", "1", "-c", "copy", str(chaptered)], check=True)  # fmt: skip
    out = probe(mux(chaptered, normalized, work / "chaptered-narrated.mp4"))
    assert [c.title for c in out.chapters] == ["One", "Two"]
    assert out.title == "Lecture"


def test_cut_gives_exactly_that_stretch(normalized, work):
    clip = cut(normalized, 1.5, 4.25, work / "beat.wav")
    whole, part = samples(normalized), samples(clip)
    assert len(part) == round(2.75 * SAMPLE_RATE)
    np.testing.assert_array_equal(
        part, whole[round(1.5 * SAMPLE_RATE) : round(4.25 * SAMPLE_RATE)]
    )
    assert sounds(clip)[0][0] == pytest.approx(0.5, abs=ONSET_TOLERANCE)
    padded = cut(normalized, 8.0, 10.0, work / "past-the-end.wav")
    assert len(samples(padded)) == 2 * SAMPLE_RATE
    with pytest.raises(ValueError):
        cut(normalized, 3.0, 3.0, work / "empty.wav")


def test_concat_joins_tracks_sample_exact(normalized, work):
    clip = cut(normalized, 1.5, 4.25, work / "piece.wav")
    joined = concat([normalized, clip], work / "joined.wav")
    whole, part, both = samples(normalized), samples(clip), samples(joined)
    assert len(both) == len(whole) + len(part)
    np.testing.assert_array_equal(both[len(whole) :], part)


def test_outputs_are_written_atomically(work):
    leftovers = [p.name for p in work.iterdir() if p.name.startswith(".")]
    assert leftovers == []
