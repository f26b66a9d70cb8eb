"""A seminar on one Linux server: JupyterHub with nbgrader's exchange for the course (issue 15).

    rewire hub setup --class-list students.csv --teacher ID [--port N]   (as root)
    rewire hub stop                                                       (as root)
    rewire hub grade ASSIGNMENT                                           (as root)
    rewire hub release|submitted|collect|feedback ASSIGNMENT
    rewire hub export

`setup` builds a shared read-only environment with the course (a venv from the machine's
python3 under the set-up folder, /opt/rewire-hub by default), configurable-http-proxy from
npm in a folder of its own, one account per person (useradd, homes 0700, random
passwords in passwords.csv readable by root only), nbgrader's exchange for the course, the
teacher's course folder ~TEACHER/rewire with the class and assignments in its gradebook,
and starts JupyterHub (PAM log-in, the default LocalProcessSpawner, nbgrader's multi-course
set-up: JupyterHubAuthPlugin, Exchange.path_includes_course, groups nbgrader-rewire and
formgrade-rewire). Everything it makes is written down in state.json, and `stop` removes
exactly that: the hub and every process of the accounts it made, the accounts and their
homes, the set-up folder.

The exchange: nbgrader 0.9 makes the inbound folder 2733 (students can write but not list)
and names each submission student+assignment+timestamp+9 random bytes; feedback files
are named by an HMAC of a secret only the submitter holds, in a 0711 folder. Set-up adds
the sticky bit to the exchange root and to inbound, so a student cannot rename or delete
the course's folders or another student's submission either.

The teacher's commands run as the teacher in ~TEACHER/rewire (through runuser when called
by root). `grade` is the course's own sandboxed pipeline, `python -m rewire.grading grade
--root ~TEACHER/rewire`, run as root (the sandbox switches to unprivileged users); it then
gives what it wrote back to the teacher.
"""
import argparse
import csv
import json
import os
import pwd
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from rewire.grading import exchange
from rewire.grading.sandbox import USER_PREFIX as SANDBOX_USER_PREFIX

COURSE = "rewire"
DEFAULT_ROOT = Path("/opt/rewire-hub")
DEFAULT_PORT = 8000
# Linux account names useradd accepts without --badname, short enough for every tool.
ACCOUNT_ID = re.compile(r"[a-z_][a-z0-9_-]{0,30}\Z")
HEADER_WORDS = {"id", "student", "student_id", "username", "user"}
HUB_START_S = 90
STOP_S = 30
CHP_PACKAGE = "configurable-http-proxy@5"
# nbgrader's server and lab extensions the hub turns on (a learner's own `make lab` hides them).
SERVER_EXTENSIONS = ["assignment_list", "course_list", "validate_assignment", "formgrader"]
LAB_EXTENSIONS = ["assignment-list", "course-list", "validate-assignment", "formgrader", "create-assignment"]


class Refusal(Exception):
    """A reason not to go on, said in one line."""


# ------------------------------------------------------------------ checks

def read_class_list(path):
    """Student ids from a CSV: the first column, a header row (id, student, ...) skipped."""
    try:
        with open(path, newline="") as handle:
            rows = [row for row in csv.reader(handle) if row and row[0].strip()]
    except OSError as error:
        raise Refusal(f"cannot read the class list {path}: {error.strerror}")
    ids = [row[0].strip() for row in rows]
    if ids and ids[0].lower() in HEADER_WORDS:
        ids = ids[1:]
    if not ids:
        raise Refusal(f"the class list {path} names no student")
    for student in ids:
        check_account_id(student, f"student id in {path}")
    duplicates = sorted({s for s in ids if ids.count(s) > 1})
    if duplicates:
        raise Refusal(f"the class list {path} names {', '.join(duplicates)} more than once")
    return ids


def check_account_id(name, what):
    if not ACCOUNT_ID.match(name):
        raise Refusal(f"{what} {name!r} is not a valid account name "
                      "(lower-case letter or _, then up to 30 of a-z 0-9 _ -)")


def port_is_free(port):
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        # As the servers bind: a port left in TIME_WAIT by a stopped hub is free again.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port_triple():
    """A public port whose next two are free too (for tests and benchmarks)."""
    for _ in range(50):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            port = probe.getsockname()[1]
        if port < 65000 and all(port_is_free(port + i) for i in range(3)):
            return port
    raise RuntimeError("no three consecutive free ports on 127.0.0.1")


def hub_ports(port):
    """The public port, the proxy's API port and the hub's own port."""
    return {"public": port, "proxy API": port + 1, "hub": port + 2}


def check_can_set_up(ports):
    if os.geteuid() != 0:
        raise Refusal("setup must run as root: it creates accounts (sudo rewire hub setup ...)")
    for role, port in ports.items():
        if not port_is_free(port):
            raise Refusal(f"port {port} ({role}) is taken; choose another with --port "
                          f"(setup uses --port, --port+1 and --port+2)")
    for tool in ("useradd", "userdel", "chpasswd", "runuser", "npm"):
        if shutil.which(tool) is None:
            raise Refusal(f"{tool} is missing on this server (apt-get install passwd util-linux npm)")


# ------------------------------------------------------------------ state

class State:
    """What setup made, written after every step so `stop` can undo a half-done set-up."""

    def __init__(self, root):
        self.path = Path(root) / "state.json"
        self.data = json.loads(self.path.read_text()) if self.path.exists() else {}

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)

    def update(self, **values):
        self.data.update(values)
        self.path.write_text(json.dumps(self.data, indent=1))
        self.path.chmod(0o644)  # no secrets: the teacher's own commands read it


def load_state(root):
    state = State(root)
    if not state.data:
        raise Refusal(f"no seminar is set up in {root} (no state.json)")
    return state


# ------------------------------------------------------------------ set-up steps

def run(*args, **kwargs):
    return subprocess.run([str(a) for a in args], check=True, **kwargs)


def build_environment(env, course, editable=False):
    """A venv from the machine's python3 (not one under /root, which students cannot read)
    with the course and JupyterHub."""
    run("/usr/bin/python3", "-m", "venv", env)
    run(env / "bin" / "python", "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
        *(["--editable"] if editable else []), f"{course}[hub]")
    return env


def reuse_or_build_environment(env, course):
    """An editable course environment at env, rebuilt only when pyproject.toml changed
    (for tests and benchmarks, which set up many seminars)."""
    stamp, wanted = Path(env) / "pyproject.toml", (Path(course) / "pyproject.toml").read_text()
    if not (stamp.exists() and stamp.read_text() == wanted):
        shutil.rmtree(env, ignore_errors=True)
        build_environment(Path(env), course, editable=True)
        stamp.write_text(wanted)
    return Path(env)


def install_proxy(root):
    run("npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", root / "chp", CHP_PACKAGE,
        stdout=subprocess.DEVNULL)
    return root / "chp" / "node_modules" / ".bin" / "configurable-http-proxy"


def create_accounts(state, people):
    """Accounts for everyone who has none yet, random passwords; the made ones are recorded."""
    created = list(state.get("created_accounts", []))
    passwords = {}
    for person in people:
        try:
            pwd.getpwnam(person)
            continue
        except KeyError:
            pass
        run("useradd", "--create-home", "--shell", "/bin/bash", "--comment", "rewire seminar", person)
        created.append(person)
        state.update(created_accounts=created)
        os.chmod(pwd.getpwnam(person).pw_dir, 0o700)
        passwords[person] = secrets.token_urlsafe(9)
    if passwords:
        run("chpasswd", input="".join(f"{u}:{p}\n" for u, p in passwords.items()).encode())
    return passwords


def write_passwords(root, passwords):
    path = root / "passwords.csv"
    with open(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w") as handle:
        handle.write("account,password\n" + "".join(f"{u},{p}\n" for u, p in passwords.items()))
    return path


def make_exchange(root, teacher):
    """The exchange as nbgrader 0.9 makes it, plus sticky bits (see the module docstring)."""
    account = pwd.getpwnam(teacher)
    exchange = root / "exchange"
    modes = {exchange: 0o1777, exchange / COURSE: 0o755, exchange / COURSE / "outbound": 0o755,
             exchange / COURSE / "inbound": 0o3733, exchange / COURSE / "feedback": 0o711}
    for folder, mode in modes.items():
        folder.mkdir(exist_ok=True)
        if folder != exchange:
            os.chown(folder, account.pw_uid, account.pw_gid)
        folder.chmod(mode)
    return exchange


def write_jupyter_config(root, exchange):
    """Config every single-user server reads (JUPYTER_CONFIG_PATH): the exchange, and
    nbgrader's panels turned on even in an environment where `make lab` turned them off."""
    config = root / "etc" / "jupyter"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "nbgrader_config.py").write_text(
        "from nbgrader.auth import JupyterHubAuthPlugin\n"
        "c = get_config()\n"
        f"c.Exchange.root = {str(exchange)!r}\n"
        "c.Exchange.path_includes_course = True\n"
        "c.Authenticator.plugin_class = JupyterHubAuthPlugin\n")
    extensions = {f"nbgrader.server_extensions.{name}": True for name in SERVER_EXTENSIONS}
    (config / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": extensions}}, indent=1))
    disabled = {f"@jupyter/nbgrader:{name}": False for name in LAB_EXTENSIONS}
    (config / "labconfig" / "page_config.json").write_text(json.dumps({"disabledExtensions": disabled}, indent=1))
    return config


def as_user(account, command, cwd, env_vars, **kwargs):
    """Run a command as another account, with a clean environment."""
    home = pwd.getpwnam(account).pw_dir
    assignments = [f"{k}={v}" for k, v in {"HOME": home, "USER": account, **env_vars}.items()]
    return subprocess.run(["runuser", "-u", account, "--", "env", "-i", *assignments, *map(str, command)],
                          cwd=cwd, **kwargs)


def user_environment(state, account):
    env = Path(state["env"])
    variables = {"PATH": f"{env / 'bin'}:/usr/bin:/bin", "JUPYTER_CONFIG_PATH": state["jupyter_config"],
                 "JUPYTERHUB_USER": account, "JUPYTERHUB_API_URL": f"http://127.0.0.1:{state['ports']['hub']}/hub/api",
                 "LANG": "C.UTF-8"}
    tokens = Path(state["root"]) / "hub" / "tokens.json"
    if tokens.exists():
        variables["JUPYTERHUB_API_TOKEN"] = json.loads(tokens.read_text())[account]
    return variables


def give_to(folder, account):
    """Make `account` the owner of folder and everything in it; links are changed, never
    followed (a link in the folder cannot make root hand over a file outside it)."""
    os.chown(folder, account.pw_uid, account.pw_gid, follow_symlinks=False)
    for directory, subfolders, files in os.walk(folder):
        for name in subfolders + files:
            os.chown(os.path.join(directory, name), account.pw_uid, account.pw_gid, follow_symlinks=False)


def make_course_folder(state, course, teacher, students):
    """~TEACHER/rewire: the course's sources and student versions, the class and the
    assignments in its gradebook, and the teacher's formgrader pointed at it."""
    account = pwd.getpwnam(teacher)
    folder = Path(account.pw_dir) / COURSE
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    folder.mkdir()
    shutil.copy(course / "nbgrader_config.py", folder)
    for part in ("solutions", "exercises"):
        shutil.copytree(course / part, folder / part, ignore=ignore)
    jupyter = Path(account.pw_dir) / ".jupyter"
    jupyter.mkdir(exist_ok=True)
    (jupyter / "nbgrader_config.py").write_text(
        "# The formgrader in this account's Jupyter grades the seminar's course.\n"
        f"load_subconfig({str(folder / 'nbgrader_config.py')!r})\n")
    give_to(folder, account)
    give_to(jupyter, account)
    assignments = sorted(p.name for p in (folder / "exercises").iterdir() if p.is_dir())
    register = ("import sys\nfrom nbgrader.api import Gradebook\n"
                "with Gradebook('sqlite:///gradebook.db') as book:\n"
                "    [book.update_or_create_student(s) for s in sys.argv[1].split(',')]\n"
                "    [book.update_or_create_assignment(a) for a in sys.argv[2].split(',')]\n")
    as_user(teacher, [Path(state["env"]) / "bin" / "python", "-c", register, ",".join(students), ",".join(assignments)],
            folder, user_environment(state, teacher), check=True)
    return folder


HUB_CONFIG = """\
# Written by rewire hub setup; add your own settings (an authenticator, TLS) in
# extra_config.py beside this file, which is read last.
import os
c = get_config()
c.JupyterHub.ip = {ip!r}
c.JupyterHub.port = {ports[public]}
c.JupyterHub.hub_ip = '127.0.0.1'
c.JupyterHub.hub_port = {ports[hub]}
c.JupyterHub.db_url = 'sqlite:///{hub}/jupyterhub.sqlite'
c.JupyterHub.cookie_secret_file = '{hub}/cookie_secret'
c.JupyterHub.pid_file = '{hub}/jupyterhub.pid'
c.ConfigurableHTTPProxy.command = [{proxy!r}]
c.ConfigurableHTTPProxy.api_url = 'http://127.0.0.1:{ports[proxy API]}'
c.ConfigurableHTTPProxy.pid_file = '{hub}/proxy.pid'
c.JupyterHub.authenticator_class = 'pam'
c.Authenticator.allowed_users = {people!r}
c.Authenticator.admin_users = {{{teacher!r}}}
c.Spawner.cmd = [{singleuser!r}]
c.Spawner.default_url = '/lab'
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {{'PATH': '{env}/bin:/usr/bin:/bin', 'JUPYTER_CONFIG_PATH': {config!r}}}
c.JupyterHub.load_groups = {{'nbgrader-{course}': {people!r}, 'formgrade-{course}': [{teacher!r}]}}
c.JupyterHub.load_roles = [
    {{'name': 'server', 'scopes': ['inherit']}},
    {{'name': 'nbgrader-{course}', 'groups': ['nbgrader-{course}'],
     'scopes': ['list:services', 'read:services', 'read:users!user', 'read:groups']}},
    {{'name': 'rewire-hub', 'services': ['rewire-hub'],
     'scopes': ['admin:users', 'admin:servers', 'tokens', 'read:groups', 'access:servers',
                'list:services', 'read:services']}},
]
c.JupyterHub.services = [{{'name': 'rewire-hub', 'api_token': open('{hub}/service_token').read().strip()}}]
if os.path.exists('{hub}/extra_config.py'):
    load_subconfig('{hub}/extra_config.py')
"""


def write_hub_config(state, ip, proxy, teacher, people):
    hub = Path(state["root"]) / "hub"
    hub.mkdir(mode=0o700)
    token = hub / "service_token"
    token.write_text(secrets.token_hex(32))
    token.chmod(0o600)
    env = Path(state["env"])
    (hub / "jupyterhub_config.py").write_text(HUB_CONFIG.format(
        ip=ip, ports=state["ports"], hub=hub, proxy=str(proxy), people=sorted(people), teacher=teacher,
        singleuser=str(env / "bin" / "jupyterhub-singleuser"), env=env, config=state["jupyter_config"],
        course=COURSE))
    return hub


def hub_api(state, method, path, body=None, token=None):
    """A call to the hub's REST API with the set-up's service token; the parsed answer."""
    token = token or (Path(state["root"]) / "hub" / "service_token").read_text().strip()
    request = urllib.request.Request(
        f"http://127.0.0.1:{state['ports']['hub']}/hub/api{path}", method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        text = answer.read()
    return json.loads(text) if text else None


def start_hub(state, hub):
    log = open(hub / "jupyterhub.log", "ab")
    process = subprocess.Popen([Path(state["env"]) / "bin" / "jupyterhub", "-f", hub / "jupyterhub_config.py"],
                               cwd=hub, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    log.close()  # the hub keeps its own copy
    state.update(hub_pid=process.pid)
    deadline = time.monotonic() + HUB_START_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Refusal(f"JupyterHub stopped at start-up; see {hub / 'jupyterhub.log'}")
        try:
            hub_api(state, "GET", "/")
            return process
        except OSError:
            time.sleep(0.5)
    raise Refusal(f"JupyterHub did not answer within {HUB_START_S} s; see {hub / 'jupyterhub.log'}")


def issue_tokens(state, hub, people):
    """One API token per account, for the teacher's commands run from a root shell (and tests)."""
    tokens = {person: hub_api(state, "POST", f"/users/{person}/tokens",
                              {"note": "rewire hub commands", "expires_in": 30 * 24 * 3600})["token"]
              for person in people}
    path = hub / "tokens.json"
    path.write_text(json.dumps(tokens))
    path.chmod(0o600)


def setup(class_list, teacher, port=DEFAULT_PORT, root=DEFAULT_ROOT, course=None, env=None, ip="127.0.0.1"):
    root, course = Path(root), Path(course or Path.cwd()).resolve()
    ports = hub_ports(port)
    check_can_set_up(ports)
    check_account_id(teacher, "the teacher's id")
    students = read_class_list(class_list)
    if teacher in students:
        raise Refusal(f"the teacher {teacher} is also in the class list")
    if not (course / "nbgrader_config.py").exists():
        raise Refusal(f"{course} is not the course folder (no nbgrader_config.py); run from it or give --course")
    if (root / "state.json").exists():
        raise Refusal(f"a seminar is already set up in {root}; rewire hub stop first")
    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    state = State(root)
    state.update(root=str(root), ports=ports, teacher=teacher, students=students, created_accounts=[])
    print(f"Setting up the seminar in {root} (JupyterHub for {teacher} and {len(students)} students)")
    env = Path(env) if env else build_environment(root / "env", course)
    state.update(env=str(env))
    proxy = install_proxy(root)
    passwords = create_accounts(state, [teacher, *students])
    exchange = make_exchange(root, teacher)
    state.update(jupyter_config=str(write_jupyter_config(root, exchange)))
    hub = write_hub_config(state, ip, proxy, teacher, [teacher, *students])
    start_hub(state, hub)
    issue_tokens(state, hub, [teacher, *students])
    folder = make_course_folder(state, course, teacher, students)
    state.update(course_folder=str(folder))
    print_next_steps(state, ip, write_passwords(root, passwords), folder)
    return state


def print_next_steps(state, ip, passwords, folder):
    url = f"http://{ip}:{state['ports']['public']}/"
    print(f"""
JupyterHub is running at {url}
  Passwords of the accounts made: {passwords} (root only; hand them out, then delete the file)
  The teacher's course folder: {folder}; formgrader: {url}user/{state['teacher']}/formgrader
  (open the formgrader in its own tab: JupyterHub >= 4.1 forbids showing it in a frame)
Next, as root here or as {state['teacher']} in a terminal of their JupyterLab (in {folder}):
  rewire hub release 01_synaptic     students then fetch it in their Assignments panel
  rewire hub submitted 01_synaptic   who has submitted
  rewire hub collect 01_synaptic     the latest genuine submission of each student
  sudo rewire hub grade 01_synaptic  the course's sandboxed grading (root: it sandboxes student code)
  rewire hub feedback 01_synaptic    students fetch it in their Assignments panel
  rewire hub export                  grades.csv
Stop and remove everything: rewire hub stop
Put it behind HTTPS (a reverse proxy) before opening it to a network: see docs/instructor/hub.md""")


# ------------------------------------------------------------------ stop

def processes_of(uids):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if entry.stat().st_uid in uids:
                    found.append(int(entry.name))
            except FileNotFoundError:
                continue
    return found


def alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a zombie child of ours counts as gone
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def runs(pid, program):
    """Whether the live process pid runs the named program."""
    try:
        return alive(pid) and program in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace")
    except FileNotFoundError:
        return False


def end_processes(pids, grace_s=STOP_S):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + grace_s
    while any(alive(p) for p in pids) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in pids:
        if alive(pid):
            os.kill(pid, signal.SIGKILL)


def stop(root=DEFAULT_ROOT):
    if os.geteuid() != 0:
        raise Refusal("stop must run as root: it removes accounts (sudo rewire hub stop)")
    root = Path(root)
    state = load_state(root)
    hub = root / "hub"
    proxy_pid = hub / "proxy.pid"
    # The hub stops the servers it spawned and its proxy; the rest is ended below. A pid
    # is only ended while it is still the program setup started (not one reused after a reboot).
    end_processes([p for p in [state.get("hub_pid")] if p and runs(p, "jupyterhub")])
    if proxy_pid.exists():
        end_processes([p for p in [int(proxy_pid.read_text().strip() or 0)] if p and runs(p, "configurable-http-proxy")])
    created = state.get("created_accounts", [])
    uids = set()
    for account in created:
        try:
            uids.add(pwd.getpwnam(account).pw_uid)
        except KeyError:
            pass
    end_processes(processes_of(uids), grace_s=5)
    for account in created:
        if account in {a.pw_name for a in pwd.getpwall()}:
            run("userdel", "--remove", account, stderr=subprocess.DEVNULL)
    shutil.rmtree(root)
    print(f"Stopped the seminar: hub ended, {len(created)} accounts and {root} removed")


# ------------------------------------------------------------------ the teacher's cycle

def teacher_command(state, command):
    """Run in the teacher's course folder: as the teacher via runuser when called by root."""
    folder = state["course_folder"]
    if os.geteuid() == 0:
        return as_user(state["teacher"], command, folder, user_environment(state, state["teacher"]))
    return subprocess.run(command, cwd=folder)


def nbgrader_command(state, *args):
    return [Path(state["env"]) / "bin" / "nbgrader", *args]


def inbound_folder(state):
    return Path(state["root"]) / "exchange" / COURSE / "inbound"


def submitters(state, assignment):
    """Students with a genuine submission of the assignment in the exchange (see
    rewire.grading.exchange: a folder in a student's name that they do not own is not theirs)."""
    found = set()
    for path in inbound_folder(state).iterdir():
        entry = exchange.read_entry(path, assignment)
        try:
            if entry is not None and entry.student not in found:
                exchange.read_submission(entry, state["students"])
                found.add(entry.student)
        except exchange.NotAcceptable:
            pass
    return sorted(found)


def collect(state, assignment):
    """The students' latest genuine submissions into the teacher's submitted/ (see
    rewire.grading.exchange; the course's nbgrader_config.py sends `nbgrader collect` and the
    formgrader's Collect button the same way); what was left out is said, one line each."""
    submitted = Path(state["course_folder"]) / "submitted"
    collected, reported = exchange.collect(inbound_folder(state), assignment, state["students"], submitted)
    give_to(submitted, pwd.getpwnam(state["teacher"]))
    print(f"collected {assignment}: {', '.join(collected) or 'nothing new'}")
    for name, reason in reported:
        print(f"  {name}: {reason}")
    return 0


def existing_sandbox_users():
    return {a.pw_name for a in pwd.getpwall() if a.pw_name.startswith(SANDBOX_USER_PREFIX)}


def grade(state, assignment):
    """The course's sandboxed pipeline on the teacher's course folder. It runs as root, which
    it needs to run student code in bubblewrap as unprivileged users (rewire-sandbox1, ...,
    made on first use and removed by `stop` if grading made them); what it wrote in the
    course folder (gradebook.db, autograded/, feedback/, grades.csv) is then given to the
    teacher, whose feedback and formgrader steps write there too."""
    if os.geteuid() != 0:
        raise Refusal(f"grading runs student code in a sandbox as unprivileged users and needs root for it: "
                      f"sudo rewire hub grade {assignment}")
    folder, teacher = Path(state["course_folder"]), pwd.getpwnam(state["teacher"])
    existing = existing_sandbox_users()
    variables = {**user_environment(state, state["teacher"]), "HOME": "/root", "USER": "root"}
    python = Path(state["env"]) / "bin" / "python"
    try:
        return subprocess.run([python, "-m", "rewire.grading", "grade", assignment, "--root", folder],
                              cwd=folder, env=variables).returncode
    finally:
        made = sorted(existing_sandbox_users() - existing)
        if made:
            state.update(created_accounts=[*state.get("created_accounts", []), *made])
        give_to(folder, teacher)


def cycle(state, step, assignment=None):
    """One step of the teacher's cycle; its exit status."""
    if step == "submitted":
        students = submitters(state, assignment)
        missing = [s for s in state["students"] if s not in students]
        print(f"submitted {assignment}: {', '.join(students) or 'nobody'}")
        print(f"not yet: {', '.join(missing) or 'nobody'}")
        return 0
    if step == "grade":
        return grade(state, assignment)
    if step == "collect":
        return collect(state, assignment)
    commands = {
        "release": lambda: nbgrader_command(state, "release_assignment", assignment, "--force"),
        "feedback": lambda: nbgrader_command(state, "release_feedback", assignment),
        "export": lambda: nbgrader_command(state, "export", "--to", "grades.csv"),
    }
    return teacher_command(state, commands[step]()).returncode


def main(argv=None):
    parser = argparse.ArgumentParser(prog="rewire hub", description=__doc__.split("\n\n")[0])
    parser.add_argument("--root", type=Path, default=DEFAULT_ROOT, help=f"the set-up folder (default {DEFAULT_ROOT})")
    commands = parser.add_subparsers(dest="command", required=True)
    set_up = commands.add_parser("setup", help="set up the seminar (as root)")
    set_up.add_argument("--class-list", required=True, help="CSV whose first column is the student ids")
    set_up.add_argument("--teacher", required=True, help="the teacher's account id")
    set_up.add_argument("--port", type=int, default=DEFAULT_PORT, help="public port; the next two are used too")
    set_up.add_argument("--ip", default="127.0.0.1", help="where the hub listens (0.0.0.0 behind an HTTPS proxy)")
    set_up.add_argument("--course", help="the course folder (default: the current folder)")
    set_up.add_argument("--env", help="an existing environment with the course and jupyterhub, readable by "
                                      "every account, instead of building one")
    commands.add_parser("stop", help="stop the hub, remove the accounts and folders setup made (as root)")
    for step, text in [("release", "release an assignment to the students"),
                       ("submitted", "who has submitted an assignment"),
                       ("collect", "collect the genuine submissions into submitted/ (as root)"),
                       ("grade", "grade them with the course's sandboxed pipeline (as root)"),
                       ("feedback", "release the feedback to the students")]:
        commands.add_parser(step, help=text).add_argument("assignment")
    commands.add_parser("export", help="write grades.csv in the course folder")
    args = parser.parse_args(argv)
    try:
        if args.command == "setup":
            setup(args.class_list, args.teacher, args.port, args.root, args.course, args.env, args.ip)
            return 0
        if args.command == "stop":
            stop(args.root)
            return 0
        return cycle(load_state(args.root), args.command, getattr(args, "assignment", None))
    except Refusal as refusal:
        half_done = args.command == "setup" and (args.root / "state.json").exists() and os.geteuid() == 0
        print(f"rewire hub: {refusal}" + ("; rewire hub stop removes what setup made so far"
                                          if half_done else ""), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
