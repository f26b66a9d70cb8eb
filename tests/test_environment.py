"""The two ways to install the course ask for the same packages."""
import re
import tomllib

import yaml

from notebooks import REPO


def _split(requirement):
    name, spec = re.match(r"^\s*([A-Za-z0-9_.-]+)\s*(.*)$", requirement).groups()
    return name.lower().replace("_", "-"), ",".join(part.strip() for part in spec.split(","))


def pyproject_requirements():
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    requirements = project["dependencies"] + project["optional-dependencies"]["test"]
    return dict(_split(r) for r in requirements)


def conda_requirements():
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    conda = [d for d in environment["dependencies"] if isinstance(d, str)]
    return {name: spec for name, spec in map(_split, conda) if name not in {"python", "pip"}}


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    assert conda_requirements() == pyproject_requirements()


def test_the_required_version_bounds_are_the_ones_the_course_was_built_for():
    requirements = pyproject_requirements()
    assert requirements["jupyterlab"] == ">=4.3"
    assert requirements["nbgrader"] == ">=0.9.5,<0.10"
    assert requirements["ipywidgets"] == ">=8.1"
    assert {"ipympl", "numpy", "matplotlib"} <= requirements.keys()


def test_environment_yml_installs_the_course_package_itself():
    environment = yaml.safe_load((REPO / "environment.yml").read_text())
    pip_section = next(d["pip"] for d in environment["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip_section
