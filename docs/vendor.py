"""Vendor the site's JavaScript from the npm registry, so the built site loads nothing from a CDN.

    python docs/vendor.py [DESTINATION]     (default: docs/_vendor, ignored by git)

Each package's tarball is downloaded from the npm registry at a pinned version (no Node.js
needed), checked against the pinned sha512 integrity, and only the files the site serves
are unpacked. DESTINATION becomes one of Sphinx's static folders (its files are served
under _static/). A second run with the same pins does nothing.

- MathJax 3, the single-file TeX-to-SVG build: SVG output needs no web fonts.
- RequireJS and @jupyter-widgets/html-manager (the build for ipywidgets 8): they draw the
  saved state of the lessons' widgets (controls, self-checks and app figures) in the page.
"""
import base64
import hashlib
import io
import json
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

DEFAULT_DESTINATION = Path(__file__).resolve().parent / "_vendor"

# package spec -> (npm integrity, {path in the package: path under DESTINATION})
PINS = {
    "mathjax@3.2.2": (
        "sha512-Bt+SSVU8eBG27zChVewOicYs7Xsdt40qm4+UpHyX7k0/O9NliPc+x77k1/FEsPsjKPZGJvtRZM1vO+geW0OhGw==",
        {"es5/tex-svg-full.js": "mathjax/tex-svg-full.js", "LICENSE": "mathjax/LICENSE"},
    ),
    "requirejs@2.3.7": (
        "sha512-DouTG8T1WanGok6Qjg2SXuCMzszOo0eHeH9hDZ5Y4x8Je+9JB38HdTLT4/VA8OaUhBa0JPVHJ0pyBkM1z+pDsw==",
        {"require.js": "widgets/require.js"},
    ),
    "@jupyter-widgets/html-manager@1.0.15": (
        "sha512-5thBIV6ymNgmPVOHvzx+gGy8ZSKmSazhtGw4/c4xJDVzRhG9PTeQsRjF3FUTopvFi//SABeNz1yp47bCrJ3CQA==",
        # embed-amd.js, and the Font Awesome fonts its stylesheet names (for button icons)
        # beside its modules' require.js address, widgets/@jupyter-widgets/
        {"dist/embed-amd.js": "widgets/embed-amd.js", "dist/*.woff2": "widgets/@jupyter-widgets/",
         "dist/*.woff": "widgets/@jupyter-widgets/", "dist/*.ttf": "widgets/@jupyter-widgets/", "dist/embed.js.LICENSE.txt": "widgets/LICENSE.txt"},
    ),
}
STAMP = ".vendored.json"  # a dot file: Sphinx does not copy it into the site


REGISTRY = "https://registry.npmjs.org"


def sha512_integrity(data):
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def download(spec):
    """The tarball of `name@version` from the npm registry, as bytes."""
    name, version = spec.rsplit("@", 1)
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read()
    except OSError as error:
        sys.exit(f"could not download {url} ({error}); make site needs the npm registry once")


def unpack(spec, tarball, files, destination):
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        members = {m.name.removeprefix("package/"): m for m in archive.getmembers() if m.isfile()}
        for source, target in files.items():
            matches = [name for name in members if Path(name).match(source)] if "*" in source else [source]
            if not matches or matches[0] not in members:
                sys.exit(f"{spec} has no {source}")
            for name in matches:
                out = destination / target / Path(name).name if target.endswith("/") else destination / target
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(members[name]) as data:
                    out.write_bytes(data.read())


def vendor(destination=DEFAULT_DESTINATION):
    destination = Path(destination)
    pins = {spec: [integrity, files] for spec, (integrity, files) in PINS.items()}
    stamp = destination / STAMP
    if stamp.exists() and json.loads(stamp.read_text()) == pins:
        return destination
    shutil.rmtree(destination, ignore_errors=True)
    destination.mkdir(parents=True)
    for spec, (integrity, files) in PINS.items():
        tarball = download(spec)
        if sha512_integrity(tarball) != integrity:
            sys.exit(f"{spec}: the package does not match its pinned sha512; not vendored")
        unpack(spec, tarball, files, destination)
    stamp.write_text(json.dumps(pins, indent=1) + "\n")
    return destination


if __name__ == "__main__":
    print(f"vendored JavaScript in {vendor(sys.argv[1] if len(sys.argv) > 1 else DEFAULT_DESTINATION)}")
