"""Opens Gradus notebooks in a real JupyterLab, as a learner would, and takes screenshots.

Not part of CI (it needs JupyterLab and a browser). In a scratch virtual environment:

    python3 -m venv /tmp/jlab && /tmp/jlab/bin/pip install jupyterlab playwright
    gradus kernel install --prefix /tmp/jlab
    gradus export lessons/04-gradient-descent.grad --to ipynb > /tmp/work/04.ipynb
    /tmp/jlab/bin/python scripts/jupyterlab_screenshots.py /tmp/work 04.ipynb 13.ipynb

It starts `jupyter lab --no-browser` on the folder, drives the machine's Chromium (CHROMIUM,
default /usr/bin/chromium; Playwright's own browser is not needed) to the launcher (the
Gradus logo), then opens each notebook, runs all its cells, and saves screenshots of the
launcher, of the first picture, the first tensor table and the first error of each notebook,
and of the whole notebook page by page, into SHOTS (default /tmp/jupyterlab-shots). RUN=0
only opens the notebooks (to see the outputs saved in them). Look at the screenshots: that is
the test.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

PORT = 8891
TOKEN = "gradus-screenshots"
BASE = f"http://127.0.0.1:{PORT}"


def start_lab(folder, workspaces):
    """JupyterLab on `folder`, with fresh workspaces: no tabs restored from an earlier run."""
    lab = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "jupyter"), "lab", "--no-browser",
         f"--port={PORT}", "--ServerApp.ip=127.0.0.1", f"--IdentityProvider.token={TOKEN}",
         f"--ServerApp.root_dir={folder}", f"--LabApp.workspaces_dir={workspaces}", "--LabApp.news_url=", "--ServerApp.open_browser=False",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        stdout=subprocess.DEVNULL, stderr=open(os.path.join(folder, "lab.log"), "w"))
    for _ in range(120):
        try:
            urllib.request.urlopen(f"{BASE}/api/status?token={TOKEN}", timeout=1)
            return lab
        except OSError:
            time.sleep(0.5)
    lab.terminate()
    raise SystemExit("jupyter lab did not start; see lab.log")


def wait_for_idle_kernel(page, timeout=300):
    """Until no cell waits or runs (`[*]`) and the kernel says idle."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        busy = page.evaluate(
            """() => [...document.querySelectorAll('.jp-InputArea-prompt')]
                     .some(p => p.offsetParent !== null && p.textContent.includes('*'))""")
        if not busy:
            return True
        time.sleep(1)
    return False


def shoot_first(page, selector, path):
    """Scrolls the first element matching `selector` into view and saves the window."""
    element = page.query_selector(selector)
    if element is None:
        print(f"  no {selector} in this notebook")
        return
    element.scroll_into_view_if_needed()
    time.sleep(0.5)
    page.screenshot(path=path)
    print(f"  {path}")


def run_notebook(page, name, shots):
    page.goto(f"{BASE}/lab/tree/{name}?token={TOKEN}")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=60_000)
    time.sleep(5)
    stem = os.path.splitext(name)[0]
    page.screenshot(path=os.path.join(shots, f"{stem}-opened.png"))
    # JupyterLab may ask which kernel to start; a learner takes the one the notebook names.
    if page.query_selector(".jp-Dialog") is not None:
        print(f"  a dialog: {page.inner_text('.jp-Dialog')!r}")
        page.click(".jp-Dialog .jp-mod-accept")
    # The kernel of this notebook (the visible tab) is ready.
    page.wait_for_function(
        """() => [...document.querySelectorAll(".jp-Notebook-ExecutionIndicator[data-status='idle']")]
                 .some(e => e.offsetParent !== null)""", timeout=60_000)
    if os.environ.get("RUN", "1") == "1":
        page.click("text=Run", timeout=10_000)
        page.click("text=Run All Cells", timeout=10_000)
        time.sleep(2)
    finished = wait_for_idle_kernel(page)
    print(f"{name}: {'ran' if finished else 'still running after 300 s'}")
    # Every cell once, so that a windowed notebook renders them all.
    cells = page.query_selector_all(".jp-Notebook .jp-Cell")
    for index, cell in enumerate(cells):
        try:
            cell.scroll_into_view_if_needed(timeout=2_000)
        except Exception:  # a cell JupyterLab keeps hidden (windowing): skip it
            continue
        if index % 6 == 0:
            time.sleep(0.3)
            page.screenshot(path=os.path.join(shots, f"{stem}-page-{index // 6:02d}.png"))
    shoot_first(page, ".jp-OutputArea-output[data-mime-type='image/svg+xml']",
                os.path.join(shots, f"{stem}-picture.png"))
    shoot_first(page, ".jp-OutputArea-output[data-mime-type='text/html']", os.path.join(shots, f"{stem}-table.png"))
    shoot_first(page, ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']",
                os.path.join(shots, f"{stem}-error.png"))
    errors = page.evaluate(
        "() => document.querySelectorAll(\".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']\").length")
    print(f"  cells: {len(cells)}, error outputs: {errors}")


def main():
    folder, notebooks = os.path.abspath(sys.argv[1]), sys.argv[2:]
    shots = os.environ.get("SHOTS", "/tmp/jupyterlab-shots")
    os.makedirs(shots, exist_ok=True)
    workspaces = tempfile.mkdtemp()
    lab = start_lab(folder, workspaces)
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"),
                args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("console", lambda message: message.type == "error"
                    and print(f"  browser console: {message.text}"))
            page.goto(f"{BASE}/lab?token={TOKEN}")
            page.wait_for_selector(".jp-Launcher", timeout=60_000)
            time.sleep(1)
            page.screenshot(path=os.path.join(shots, "launcher.png"))
            print(f"launcher: {os.path.join(shots, 'launcher.png')}")
            for name in notebooks:
                run_notebook(page, name, shots)
            browser.close()
    finally:
        lab.terminate()
        lab.wait(timeout=10)
        shutil.rmtree(workspaces)


if __name__ == "__main__":
    main()
