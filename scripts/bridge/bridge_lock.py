"""Writes or checks scripts/bridge/bridge-lock.json against the running interpreter.

    .venv-bridge/bin/python scripts/bridge/bridge_lock.py write   # after changing requirements.lock
    .venv-bridge/bin/python scripts/bridge/bridge_lock.py check   # prints a JSON report, exit 1 on mismatch

The lock records what a bridge worker runs on: the Python version, implementation and
platform, every resolved package version (from requirements.lock, checked against what is
installed), and the sha256 of the files the bridge is built from (requirements.lock, the proto,
the typings generator). `dspy-typescript bridge setup` builds the env from requirements.lock and
then runs `check`, so a fresh machine ends up with the recorded versions or a clear report why not.
"""

import hashlib
import json
import os
import platform
import sys
import sysconfig
from importlib import metadata

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LOCK = os.environ.get("BRIDGE_LOCK") or os.path.join(HERE, "bridge-lock.json")
REQUIREMENTS = os.path.join(HERE, "requirements.lock")
HASHED = {
    "requirementsSha256": REQUIREMENTS,
    "protoSha256": os.path.join(ROOT, "proto", "bridge.proto"),
    "typingsGeneratorSha256": os.path.join(HERE, "generate-typings.py"),
}


def sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def pinned():
    packages = {}
    with open(REQUIREMENTS) as handle:
        for line in handle:
            line = line.split("#")[0].strip()
            if "==" in line:
                name, version = line.split("==", 1)
                packages[name.strip()] = version.strip()
    return packages


def current():
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": sysconfig.get_platform(),
    }


def installed(name):
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def write():
    lock = {**current(), **{key: sha256(path) for key, path in HASHED.items()}}
    lock["proto"] = "proto/bridge.proto"
    lock["packages"] = pinned()
    mismatched = {name: installed(name) for name, version in lock["packages"].items() if installed(name) != version}
    if mismatched:
        sys.exit(f"installed packages differ from requirements.lock: {mismatched}")
    with open(LOCK, "w") as handle:
        json.dump(lock, handle, indent=2)
        handle.write("\n")
    print(f"wrote {os.path.relpath(LOCK, ROOT)} ({len(lock['packages'])} packages, Python {lock['python']})")


def check():
    with open(LOCK) as handle:
        lock = json.load(handle)
    problems = []
    here = current()
    for key in ("python", "implementation", "platform"):
        if lock.get(key) != here[key]:
            problems.append(f"{key}: lock has {lock.get(key)}, this interpreter is {here[key]}")
    for key, path in HASHED.items():
        if lock.get(key) != sha256(path):
            problems.append(f"{key}: {os.path.relpath(path, ROOT)} changed since the lock was written")
    for name, version in sorted(lock.get("packages", {}).items()):
        found = installed(name)
        if found != version:
            problems.append(f"package {name}: lock has {version}, installed {found}")
    report = {**here, "packages": len(lock.get("packages", {})), "problems": problems}
    print(json.dumps(report))
    return 1 if problems else 0


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "write":
        write()
    elif command == "check":
        sys.exit(check())
    else:
        sys.exit(f"usage: bridge_lock.py write|check (got {command!r})")
