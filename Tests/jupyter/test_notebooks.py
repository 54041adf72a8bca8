"""Lessons exported with `gradus export --to ipynb` are valid notebooks, and running one through
the kernel with nbclient gives the outputs `gradus export --to ipynb --run` recorded.

Needs GRADUS (the binary) and the kernelspec on JUPYTER_PATH (scripts/test-jupyter.sh sets
both). Lessons 00 and 01 run by default; GRADUS_JUPYTER_LESSONS=all runs every lesson (minutes).
"""

import glob
import os
import subprocess
import tempfile
import unittest

import nbformat
from nbclient import NotebookClient

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LESSONS = sorted(glob.glob(os.path.join(ROOT, "lessons", "*.grad")))


def export(lesson, path, run):
    command = [os.environ["GRADUS"], "export", lesson, "--to", "ipynb", "-o", path]
    subprocess.run(command + (["--run"] if run else []), check=True, capture_output=True)
    return nbformat.read(path, as_version=4)


def outputs(notebook):
    """Each code cell's outputs: printed text joined, values, pictures as their kind."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        items = []
        for output in cell.outputs:
            if output.output_type == "stream":
                if items and items[-1][0] == "text":
                    items[-1] = ("text", items[-1][1] + output.text)
                else:
                    items.append(("text", output.text))
            elif output.output_type == "execute_result":
                items.append(("value", output.data["text/plain"]))
            elif output.output_type == "display_data":
                items.append(("picture", sorted(output.data)))
            else:
                items.append((output.output_type, output.get("evalue")))
        cells.append(items)
    return cells


class ExportedNotebooks(unittest.TestCase):
    def test_every_lesson_exports_a_valid_notebook(self):
        with tempfile.TemporaryDirectory() as folder:
            for lesson in LESSONS:
                notebook = export(lesson, os.path.join(folder, "lesson.ipynb"), run=False)
                nbformat.validate(notebook)
                self.assertEqual(notebook.metadata.kernelspec.name, "gradus")
                kinds = {cell.cell_type for cell in notebook.cells}
                self.assertEqual(kinds, {"markdown", "code"}, lesson)

    def test_lessons_run_in_the_kernel_as_exported(self):
        chosen = LESSONS if os.environ.get("GRADUS_JUPYTER_LESSONS") == "all" else [
            lesson for lesson in LESSONS if os.path.basename(lesson)[:3] in ("00-", "01-")]
        with tempfile.TemporaryDirectory() as folder:
            for lesson in chosen:
                with self.subTest(lesson=os.path.basename(lesson)):
                    expected = export(lesson, os.path.join(folder, "run.ipynb"), run=True)
                    nbformat.validate(expected)
                    notebook = export(lesson, os.path.join(folder, "lesson.ipynb"), run=False)
                    NotebookClient(notebook, kernel_name="gradus", timeout=300).execute()
                    nbformat.validate(notebook)
                    self.assertEqual(outputs(notebook), outputs(expected))
                    pictures = [item for cell in outputs(notebook) for item in cell
                                if item[0] == "picture"]
                    for picture in pictures:
                        self.assertEqual(picture[1], ["image/svg+xml", "text/plain"])
                    counts = [cell.execution_count for cell in notebook.cells
                              if cell.cell_type == "code"]
                    self.assertEqual(counts, list(range(1, len(counts) + 1)))


if __name__ == "__main__":
    unittest.main()
