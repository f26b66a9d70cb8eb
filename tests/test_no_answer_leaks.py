"""No answer is readable anywhere a student receives: the lessons, the student versions
in exercises/ and the rewire package (its code and its data). Of a question released as
an exam, not even a hash or a sealed feedback is there."""
import base64
import itertools
import json
import re

import nbformat
import pytest

from notebooks import REPO
from rewire import bank, quiz

BANK = bank.load(REPO)
SOLUTION_BLOCK = re.compile(r"### BEGIN (SOLUTION|HIDDEN TESTS)\n(.*?)### END \1", re.S)


def _flatten(value):
    if isinstance(value, dict):
        return " ".join(_flatten(v) for v in value.values())
    if isinstance(value, list):
        return " ".join(_flatten(v) for v in value)
    return str(value)


def _text(path):
    if path.suffix == ".ipynb":
        return "\n".join(cell.source for cell in nbformat.read(path, as_version=4).cells)
    if path.suffix == ".json":
        return _flatten(json.loads(path.read_text(encoding="utf-8")))
    return path.read_text(encoding="utf-8")


def squeeze(text):
    return re.sub(r"\s+", " ", text).strip().lower()


def received_files():
    folders = [REPO / "lessons", REPO / "exercises", REPO / "src" / "rewire"]
    return [p for folder in folders for p in sorted(folder.rglob("*"))
            if p.is_file() and p.suffix in {".ipynb", ".json", ".py", ".md", ".txt"}
            and ".ipynb_checkpoints" not in p.parts]


@pytest.fixture(scope="module")
def received():
    files = received_files()
    assert any(p.name == "self_checks.json" for p in files)
    return {p.relative_to(REPO): squeeze(_text(p)) for p in files}


def secrets(item):
    """Texts that would give an answer away: every explanation and feedback (they say
    which option is right), model answers, rubrics, simulation code, answer lines."""
    texts = list(item.get("feedback", {}).values()) + list(item.get("rubric", []))
    texts += [item[key] for key in ("explanation", "model_answer") if item.get(key)]
    texts += [line for line in (item.get("solution") or "").splitlines() if telling(line)]
    if item.get("assignment") and item["type"] != "reflection":
        expected = item["answer"] if item["type"] == "numeric" else bank._expected(item)
        texts.append(f"{bank.variable(item)} = {expected!r}")
    return [squeeze(t) for t in texts]


@pytest.mark.parametrize("item", BANK["items"], ids=lambda item: item["id"])
def test_no_explanation_model_answer_or_answer_line_of_the_bank_is_readable(received, item):
    for secret in secrets(item):
        leaked = [str(path) for path, text in received.items() if secret in text]
        assert not leaked, f"{item['id']}: {secret[:60]!r} is readable in {leaked}"


def test_the_packaged_questions_hold_no_answer_field():
    packaged = json.loads((REPO / "src" / "rewire" / "data" / "self_checks.json").read_text())
    forbidden = {"answer", "solution", "rubric", "model_answer", "variable", "assignment"}
    for item_id, item in packaged.items():
        assert not forbidden & set(item), item_id
    numeric = [i for i in BANK["items"] if i["type"] == "numeric"]
    for item in numeric:
        values = {v for k, v in packaged[item["id"]].items() if isinstance(v, (int, float)) and k != "points"}
        assert item["answer"] not in values - {item["tolerance"], bank.resolution(item)}, item["id"]


def telling(line):
    """A line of code long and specific enough that finding it means it was copied."""
    line = line.strip()
    return len(line) > 24 and not line.endswith(("(", "[", "{", ":", ",")) and not line.startswith(("for ", "if "))


def solution_lines():
    lines = set()
    for path in (REPO / "solutions").glob("*/*.ipynb"):
        for cell in nbformat.read(path, as_version=4).cells:
            for _, block in SOLUTION_BLOCK.findall(cell.source):
                lines |= {squeeze(line) for line in block.splitlines() if telling(line)}
    return lines


def test_no_model_solution_or_hidden_test_line_reaches_a_student_version(received):
    lines = solution_lines()
    assert len(lines) > 50
    student_side = "\n".join(text for path, text in received.items() if path.parts[0] == "exercises")
    assert "begin solution" not in student_side and "begin hidden tests" not in student_side
    leaked = sorted(line for line in lines if line in student_side)
    assert not leaked, leaked[:5]


# ------------------------------------------------------- exam releases: no answer material

EXAM_ITEMS = [i for i in BANK["items"] if i["type"] != "reflection" and bank.release_mode(BANK, i) == quiz.EXAM]
SALTS = sorted({i["id"] for i in BANK["items"]} | {bank.variable(i) for i in BANK["items"] if i.get("assignment")})
HEX_DIGEST = re.compile(rb"[0-9a-fA-F]{64}")
BASE64_BLOB = re.compile(rb"[A-Za-z0-9+/]{16,}={0,2}")


def exam_release_files():
    """What students of an exam receive: its folder in exercises/, the lessons, and every
    file of the installed rewire package (code, data, caches)."""
    from importlib import resources

    def walk(node):
        for child in node.iterdir():
            yield from walk(child) if child.is_dir() else [child]

    folders = {REPO / "exercises" / i["assignment"] for i in EXAM_ITEMS} | {REPO / "lessons"}
    files = [p for folder in sorted(folders) for p in folder.rglob("*") if p.is_file()]
    return files + list(walk(resources.files("rewire")))


@pytest.fixture(scope="module")
def exam_release():
    files = exam_release_files()
    assert any(p.name == "self_checks.json" for p in files) and any(p.suffix == ".ipynb" for p in files)
    return {str(p): p.read_bytes() for p in files}


def units(item):
    """Every unit the bank could hash or seal for an item: every option, every selection,
    every pair, every matching, every number near the answer at its resolution."""
    kind = item["type"]
    if kind in ("single", "multiple"):
        options = item["options"]
        found = {quiz.option_unit(o) for o in options}
        return found | {quiz.selection_unit(chosen) for n in range(1, len(options) + 1)
                        for chosen in itertools.combinations(options, n)}
    if kind == "matching":
        found = {quiz.pair_unit(p, c) for p in item["prompts"] for c in item["choices"]}
        return found | {quiz.matching_unit(dict(zip(item["prompts"], chosen)))
                        for chosen in itertools.product(item["choices"], repeat=len(item["prompts"]))}
    steps = {bank.resolution(item), item["tolerance"] / 10, item["tolerance"]}
    return {quiz.number_unit(k * step, step) for step in steps
            for k in range(round((item["answer"] - 20 * item["tolerance"]) / step),
                           round((item["answer"] + 20 * item["tolerance"]) / step) + 1)}


@pytest.fixture(scope="module")
def exam_units():
    return {item["id"]: units(item) for item in EXAM_ITEMS}


def test_the_exam_release_holds_no_hash_the_bank_could_make_of_an_exam_answer(exam_release, exam_units):
    digests = {m.group().lower().decode() for data in exam_release.values() for m in HEX_DIGEST.finditer(data)}
    assert digests, "the release has no hashes at all: is the search looking at the package?"  # the self-checks'
    # A self-check's own hashes are meant to be there; a number unit such as "number: 50"
    # salted with its id would otherwise count against an exam question with the same unit.
    instant = [i for i in BANK["items"] if i["type"] != "reflection" and i not in EXAM_ITEMS]
    own = {quiz.answer_hash(i["id"], unit) for i in instant for unit in units(i)}
    for item in EXAM_ITEMS:
        possible = {quiz.answer_hash(salt, unit) for salt in SALTS for unit in exam_units[item["id"]]} - own
        assert not possible & digests, f"{item['id']}: a hash of its options or answers is in the release"


def secret_texts(item):
    """What an exam question's feedback says: it comes only with the feedback after grading."""
    texts = list(item.get("feedback", {}).values()) + list(item.get("hints", {}).values())
    return [t for t in texts + [item.get("explanation"), item.get("hint")] if t]


def test_the_exam_release_holds_no_sealed_feedback_of_an_exam_question(exam_release, exam_units):
    """A sealed text is the text XOR a keystream whose first block is sha256(key + 0): so
    a blob of the text's length seals it exactly when blob XOR text starts with the first
    block of some (salt, unit)'s keystream."""
    blobs = set()
    for data in exam_release.values():
        for match in BASE64_BLOB.finditer(data):
            try:
                blobs.add(base64.b64decode(match.group(), validate=True))
            except ValueError:
                continue
    for item in EXAM_ITEMS:
        texts = {len(t.encode()): t.encode() for t in secret_texts(item)}
        candidates = [(blob, texts[len(blob)]) for blob in blobs if len(blob) in texts]
        if not candidates:
            continue
        first_blocks = {quiz._keystream(quiz._key(salt, unit), 32) for salt in SALTS for unit in exam_units[item["id"]]}
        for blob, text in candidates:
            keystream = bytes(a ^ b for a, b in zip(blob, text))[:32]
            assert keystream not in first_blocks, f"{item['id']}: its feedback is sealed in the release"


def renderings(item):
    """The right answer of an item written every way a notebook or a file could hold it."""
    right = bank._expected(item)
    if item["type"] == "numeric":
        return {repr(item["answer"]), repr(float(item["answer"]))}, True
    if item["type"] == "single":
        return {f'"{right}"'}, True
    if item["type"] == "multiple":
        orders = ['"' + '","'.join(order) + '"' for order in itertools.permutations(right)]
        return {f"{left}{order}{close}" for order in orders for left, close in ("{}", "[]", "()")}, False
    pairs = [f'"{p}":"{c}"' for p, c in right.items()]
    return {"{" + ",".join(order) + "}" for order in itertools.permutations(pairs)}, False


def squeezed(data):
    """Text with no white space and one kind of quote, so that spacing and quoting do not hide a match."""
    return re.sub(r"\s+", "", data.decode("utf-8", errors="replace")).replace("'", '"').lower()


@pytest.mark.parametrize("item", EXAM_ITEMS, ids=lambda item: item["id"])
def test_the_exam_release_holds_no_answer_of_an_exam_question_in_any_form(exam_release, item):
    texts = {path: squeezed(data) for path, data in exam_release.items()}
    written, only_assigned = renderings(item)
    name = bank.variable(item).lower()
    for rendering in written:
        forms = [f"{name}={rendering.lower()}"] + ([] if only_assigned else [rendering.lower()])
        leaked = [path for path, text in texts.items() for form in forms if form in text]
        assert not leaked, f"{item['id']}: its answer {rendering} is in {leaked}"
    key_line = squeezed(f"*Answer:* {bank._answer_text(item)}".encode())  # as the answer key writes it
    assert not [path for path, text in texts.items() if key_line in text], f"{item['id']}: its answer-key line leaked"
    for text in secret_texts(item):
        assert not [path for path, t in texts.items() if squeezed(text.encode()) in t], \
            f"{item['id']}: feedback readable in the release: {text[:60]!r}"


def test_no_code_cell_of_an_exam_release_holds_a_right_answer_as_a_value():
    """Whatever it is assigned to: every literal in every code cell is compared with every
    exam answer."""
    import ast

    for path in sorted({REPO / "exercises" / i["assignment"] for i in EXAM_ITEMS}):
        for notebook in path.glob("*.ipynb"):
            for cell in nbformat.read(notebook, as_version=4).cells:
                if cell.cell_type != "code":
                    continue
                for node in ast.walk(ast.parse(cell.source)):
                    if isinstance(node, (ast.Dict, ast.Set, ast.List, ast.Tuple, ast.Constant)):
                        try:
                            value = ast.literal_eval(node)
                        except ValueError:
                            continue
                        for item in EXAM_ITEMS:
                            if item["type"] in ("multiple", "matching") and _answers(item, value):
                                pytest.fail(f"{notebook.name}: a code cell holds the answer of {item['id']}")


def _answers(item, value):
    try:
        return quiz.score(item, value, bank._expected(item), 1) == 1
    except quiz.AnswerFormatError:
        return False
