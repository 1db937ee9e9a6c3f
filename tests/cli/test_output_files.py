"""`shape -o`: a failed or interrupted write never leaves a partial file and never changes
an existing one; symlinks are written through, modes kept, FIFOs and devices written
directly (never waited on forever)."""

import os
import resource
import shutil
import signal
import stat
import subprocess
import threading
import time

import pytest

from cli_helpers import EXAMPLES, run

TEXT = "إرجاء محادثات أستانا"
OLD = b"the old contents, which must survive\n"


def article_args():
    return ["--text-file", EXAMPLES / "astana.txt", "--width", "800"]


def listing(folder):
    return sorted(os.listdir(folder))


def can_unshare():
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


def test_a_full_file_system_leaves_the_old_file(shape_bin, tmp_path):
    """A 64 KiB tmpfs (in a user and mount namespace of its own) is too small for the
    article's PNG: the write fails with a message, the old file is intact and nothing else
    is left. Where namespaces are not allowed, a file size limit (RLIMIT_FSIZE) makes the
    same write fail the same way."""
    script = tmp_path / "full.sh"
    folder = tmp_path / "small"
    folder.mkdir()
    script.write_text('set -e\nmount -t tmpfs -o size=64k tmpfs "$DIR"\n'
                      'printf "%s" "$OLD" > "$DIR/out.png"\nset +e\n"$@"\necho "rc=$?"\n'
                      'ls -A "$DIR"\ncat "$DIR/out.png"\n')
    # At scale 3 the article's PNG is several times the file system's size.
    command = [shape_bin, *map(str, article_args()), "--scale", "3",
               "-o", str(folder / "out.png")]
    if can_unshare():
        result = subprocess.run(["unshare", "-rm", "sh", str(script), *command],
                                capture_output=True, timeout=120,
                                env={**os.environ, "DIR": str(folder), "OLD": OLD.decode()})
        out = result.stdout.decode("utf-8", "replace")
        assert "rc=2" in out, out + result.stderr.decode()
        lines = out.splitlines()
        assert lines[lines.index("rc=2") + 1] == "out.png"  # nothing else in the folder
        assert out.endswith(OLD.decode())
        assert "No space left on device" in result.stderr.decode()
    else:
        (folder / "out.png").write_bytes(OLD)

        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (16 << 10, 16 << 10))

        result = subprocess.run(command, capture_output=True, timeout=120, preexec_fn=limit)
        assert result.returncode == 2
        assert "cannot write" in result.stderr.decode()
        assert (folder / "out.png").read_bytes() == OLD
        assert listing(folder) == ["out.png"]


def test_a_killed_process_leaves_the_old_file(shape_bin, tmp_path):
    """Killed at any moment (here at ten points through a ~1 s run writing a large JSON),
    the output is either the old file or the complete new one, and nothing else exists."""
    text = tmp_path / "long.txt"
    text.write_text((EXAMPLES / "astana.txt").read_text(encoding="utf-8") * 60, encoding="utf-8")
    target = tmp_path / "out" / "layout.json"
    target.parent.mkdir()
    complete = run(shape_bin, "--text-file", text, "--width", "700", "--format", "json").stdout
    assert len(complete) > 1 << 20
    start = time.monotonic()
    run(shape_bin, "--text-file", text, "--width", "700", "-o", target)
    duration = time.monotonic() - start
    assert target.read_bytes() == complete
    outcomes = set()
    for k in range(10):
        target.write_bytes(OLD)
        child = subprocess.Popen([shape_bin, "--text-file", str(text), "--width", "700",
                                  "-o", str(target)], stderr=subprocess.DEVNULL)
        time.sleep(duration * (k + 0.5) / 10)
        child.send_signal(signal.SIGKILL)
        child.wait()
        contents = target.read_bytes()
        assert contents in (OLD, complete)
        outcomes.add(contents == complete)
        assert listing(target.parent) == ["layout.json"]
    assert False in outcomes  # Some kills did land before the rename.


def test_a_read_only_folder_refuses_cleanly(shape_bin, tmp_path):
    """The folder cannot be written: for a normal user a folder of mode 0555; for root,
    who writes anywhere, a read-only bind mount of the folder in a mount namespace of its
    own. The old file stays, nothing is added, and the same command into the folder made
    writable succeeds, so it was the folder that refused."""
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "out.png"
    target.write_bytes(OLD)
    command = [shape_bin, TEXT, "-o", str(target)]
    if os.geteuid() != 0:
        os.chmod(folder, 0o555)
        try:
            result = subprocess.run(command, capture_output=True, timeout=60)
        finally:
            os.chmod(folder, 0o755)
    else:
        assert can_unshare(), "as root this test needs unshare -rm (util-linux)"
        script = ('mount --bind "$DIR" "$DIR" && mount -o remount,ro,bind "$DIR" "$DIR" && '
                  'exec "$@"')
        result = subprocess.run(["unshare", "-rm", "sh", "-c", script, "sh", *command],
                                capture_output=True, timeout=60,
                                env={**os.environ, "DIR": str(folder)})
    message = result.stderr.decode()
    assert result.returncode == 2, message
    assert "cannot write" in message
    assert "Permission denied" in message or "Read-only file system" in message
    assert target.read_bytes() == OLD
    assert listing(folder) == ["out.png"]
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    assert target.read_bytes().startswith(b"\x89PNG")


def test_symlinks_are_written_through(shape_bin, tmp_path):
    target = tmp_path / "real.png"
    target.write_bytes(OLD)
    link = tmp_path / "link.png"
    link.symlink_to("real.png")
    assert run(shape_bin, TEXT, "-o", link).returncode == 0
    assert link.is_symlink() and os.readlink(link) == "real.png"
    assert target.read_bytes().startswith(b"\x89PNG")
    # A dangling link gets its target created; the link stays.
    dangling = tmp_path / "dangling.png"
    dangling.symlink_to("made.png")
    assert run(shape_bin, TEXT, "-o", dangling).returncode == 0
    assert dangling.is_symlink()
    assert (tmp_path / "made.png").read_bytes().startswith(b"\x89PNG")


def test_the_mode_of_a_replaced_file_is_kept(shape_bin, tmp_path):
    target = tmp_path / "private.png"
    target.write_bytes(OLD)
    os.chmod(target, 0o600)
    assert run(shape_bin, TEXT, "-o", target).returncode == 0
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    assert target.read_bytes().startswith(b"\x89PNG")


def test_a_fifo_is_written_directly_or_refused_at_once(shape_bin, tmp_path):
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    # No reader: a clear error at once, not a wait forever.
    start = time.monotonic()
    result = run(shape_bin, TEXT, "-o", fifo)
    assert result.returncode == 2
    assert "no process reads the pipe" in result.stderr
    assert time.monotonic() - start < 5
    # With a reader: the PNG goes through the pipe, which stays a pipe.
    received = []
    reader = threading.Thread(target=lambda: received.append(open(fifo, "rb").read()))
    reader.start()
    time.sleep(0.2)
    assert run(shape_bin, TEXT, "-o", fifo).returncode == 0
    reader.join(timeout=30)
    assert received and received[0].startswith(b"\x89PNG")
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


def test_a_full_device_is_an_error(shape_bin):
    result = run(shape_bin, TEXT, "-o", "/dev/full")
    assert result.returncode == 2
    assert "cannot write '/dev/full': No space left on device" in result.stderr
