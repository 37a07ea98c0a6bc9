"""The README as the contract: runs every command of its "Quick start" as written.

.ci/run calls this on its fresh clone of the repository, from the repository's root:

    python3 tests/readme.py

- The first block's commands run literally from the root, `cargo run --release -- demo` first,
  except `cargo test --workspace`, the test command, which .ci/run runs itself (here it would
  run the tests twice); it is named, not skipped in silence.
- The install line runs literally, into a temporary install root (CARGO_INSTALL_ROOT), whose
  `bin` is then put first on the PATH: the later commands run the installed `schoolpeers`.
  It builds in the repository's target folder (CARGO_TARGET_DIR), reusing the first command's
  release build.
- The "own data" block is a synopsis: its placeholders are given concrete values (the demo
  district copied, the cluster fixture, folders of a temporary directory), each bracketed
  option is given with its first choice, and every command runs, in that directory.

Any command that fails fails the script (exit 1), naming the command and its output.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def quick_start_blocks(readme):
    """The ```sh blocks of the "## Quick start" section, each a list of commands."""
    section = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```sh\n(.*?)```", section, flags=re.S)
    return [commands(b) for b in blocks]


def commands(block):
    """A block's commands: comments dropped, continued lines joined."""
    out, current = [], ""
    for line in block.splitlines():
        code = re.sub(r"\s+#\s.*$", "", line).rstrip()
        if code.endswith("\\"):
            current += code[:-1].strip() + " "
            continue
        current += code.strip()
        if current:
            out.append(current)
        current = ""
    return out


def concrete(command, values):
    """A synopsis line made runnable: each `[--opt a|b]` as `--opt a`, placeholders filled."""
    command = re.sub(r"\[([^\]]*)\]", lambda m: m.group(1).split("|")[0], command)
    for name, value in values.items():
        command = re.sub(rf"\b{name}\b", value, command)
    return command


def run(command, cwd, env):
    print(f"$ {command}", flush=True)
    done = subprocess.run(command, shell=True, cwd=cwd, env=env, text=True,
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if done.returncode != 0:
        print(done.stdout)
        sys.exit(f"the README's command failed (exit {done.returncode}): {command}")


def main():
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        blocks = quick_start_blocks(f.read())
    if len(blocks) != 3:
        sys.exit(f"expected three sh blocks in the Quick start, found {len(blocks)}")
    first, install, own_data = blocks
    if first[0] != "cargo run --release -- demo":
        sys.exit(f"the README's first command changed: {first[0]!r}")
    env = dict(os.environ)
    for command in first:
        if command == "cargo test --workspace":
            print(f"$ {command}   (not run here: .ci/run runs the test command itself)")
            continue
        run(command, ROOT, env)
    with tempfile.TemporaryDirectory() as tmp:
        env["CARGO_INSTALL_ROOT"] = os.path.join(tmp, "install")
        # The release build of the first command, reused instead of a second one from scratch.
        env.setdefault("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
        env["PATH"] = os.path.join(tmp, "install", "bin") + os.pathsep + env["PATH"]
        for command in install:
            run(command, ROOT, env)
        work = os.path.join(tmp, "work")
        os.makedirs(work)
        shutil.copytree(os.path.join(ROOT, "data", "demo"), os.path.join(work, "district"))
        shutil.copytree(os.path.join(ROOT, "out", "demo"), os.path.join(work, "last-year"))
        shutil.copy(os.path.join(ROOT, "data", "fixtures", "cluster", "context.csv"), work)
        values = {
            "DATA_DIR": "district",
            "OUT_DIR": "out",
            "LAST_YEAR": "last-year",
            "FILE": "context.csv",
            "DIR": "generated",
            "N": "3",
            "PROG_DIR": "programme",
            "EVAL_DIR": "evaluation",
            "DEMO_DIR": "demo-out",
        }
        for command in own_data:
            run(concrete(command, values), work, env)
    print("the README's Quick start works as written")


if __name__ == "__main__":
    main()
