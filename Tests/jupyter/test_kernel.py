"""Protocol tests of `gradus kernel` through jupyter_client, against the built binary.

Run with scripts/test-jupyter.sh (it builds the virtual environment and installs the
kernelspec); by hand: GRADUS=/abs/path/to/gradus JUPYTER_PATH=DIR/share/jupyter
python -m unittest discover -s Tests/jupyter -v, after `gradus kernel install --prefix DIR`.
"""

import os
import queue
import signal
import subprocess
import sys
import time
import unittest

import zmq
from jupyter_client.manager import start_new_kernel

TIMEOUT = 10


def start():
    km, kc = start_new_kernel(kernel_name="gradus", startup_timeout=30)
    return km, kc


def outputs(kc, msg_id):
    """The iopub messages of request `msg_id`, from its busy to its idle."""
    messages = []
    while True:
        msg = kc.get_iopub_msg(timeout=TIMEOUT)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        messages.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return messages


def run(kc, code, **options):
    """Executes `code`; its reply and its iopub messages (busy … idle)."""
    msg_id = kc.execute(code, **options)
    reply = kc.get_shell_msg(timeout=TIMEOUT)
    assert reply["parent_header"]["msg_id"] == msg_id
    return reply, outputs(kc, msg_id)


def of_type(messages, msg_type):
    return [m for m in messages if m["msg_type"] == msg_type]


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie still answers kill(0): look at its state.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(")")[-1].split()[0] != "Z"
    except FileNotFoundError:
        return False


class KernelSession(unittest.TestCase):
    """One kernel shared by the tests that do not stop it."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = start()

    @classmethod
    def tearDownClass(cls):
        cls.kc.stop_channels()
        cls.km.shutdown_kernel(now=True)

    def test_kernel_info(self):
        msg_id = self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        info = reply["content"]["language_info"]
        self.assertEqual(info["name"], "gradus")
        self.assertEqual(info["file_extension"], ".grad")
        self.assertEqual(info["mimetype"], "text/x-gradus")
        self.assertEqual(reply["content"]["protocol_version"], "5.3")
        states = [m["content"]["execution_state"] for m in outputs(self.kc, msg_id)]
        self.assertEqual(states, ["busy", "idle"])

    def test_execute_prints_and_shows_a_value(self):
        reply, messages = run(self.kc, 'print("hello", 1 + 1)\n2 * 21')
        self.assertEqual(reply["content"]["status"], "ok")
        count = reply["content"]["execution_count"]
        types = [m["msg_type"] for m in messages]
        self.assertEqual(types, ["status", "execute_input", "stream", "execute_result", "status"])
        self.assertEqual(messages[1]["content"]["execution_count"], count)
        self.assertEqual(messages[2]["content"], {"name": "stdout", "text": "hello 2\n"})
        result = messages[3]["content"]
        self.assertEqual(result["data"]["text/plain"], "42")
        self.assertEqual(result["execution_count"], count)
        again, _ = run(self.kc, "1")
        self.assertEqual(again["content"]["execution_count"], count + 1)

    def test_prints_are_batched_in_order(self):
        reply, messages = run(self.kc, 'for i in 1...2000 { print(i) }\nprint("end")')
        self.assertEqual(reply["content"]["status"], "ok")
        streams = of_type(messages, "stream")
        self.assertLess(len(streams), 100)
        text = "".join(m["content"]["text"] for m in streams)
        self.assertEqual(text, "".join(f"{i}\n" for i in range(1, 2001)) + "end\n")

    def test_printed_text_arrives_while_the_cell_computes(self):
        msg_id = self.kc.execute('print("started")\nwhile true { }')
        deadline = time.monotonic() + 3
        text = ""
        while time.monotonic() < deadline and not text:
            msg = self.kc.get_iopub_msg(timeout=3)
            if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream":
                text = msg["content"]["text"]
        self.assertEqual(text, "started\n")
        self.km.interrupt_kernel()
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["ename"], "Interrupted")
        outputs(self.kc, msg_id)

    def test_error_cell_then_working_cell(self):
        reply, messages = run(self.kc, "y_not_defined_here + 1")
        self.assertEqual(reply["content"]["status"], "error")
        [error] = of_type(messages, "error")
        self.assertEqual(error["content"]["ename"], "Error")
        traceback = "\n".join(error["content"]["traceback"])
        self.assertIn("y_not_defined_here", traceback)
        self.assertIn("y_not_defined_here", error["content"]["evalue"])
        reply, messages = run(self.kc, "kept = 5\nkept * 2")
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "10")

    def test_silent_execute_shows_nothing_and_takes_no_number(self):
        before, _ = run(self.kc, "1")
        msg_id = self.kc.execute('quiet = 3\nprint("not shown")', silent=True)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["content"]["status"], "ok")
        types = [m["msg_type"] for m in outputs(self.kc, msg_id)]
        self.assertEqual(types, ["status", "status"])
        after, messages = run(self.kc, "quiet")
        self.assertEqual(after["content"]["execution_count"], before["content"]["execution_count"] + 1)
        self.assertEqual(of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "3")

    def test_meta_command_in_a_cell(self):
        run(self.kc, "shown_by_vars = 7")
        reply, messages = run(self.kc, ":vars")
        self.assertEqual(reply["content"]["status"], "ok")
        text = "".join(m["content"]["text"] for m in of_type(messages, "stream"))
        self.assertIn("shown_by_vars", text)

    def test_picture_is_svg_with_a_text_drawing(self):
        reply, messages = run(self.kc, "plot(tensor([1.0, 4.0, 9.0, 16.0]))")
        self.assertEqual(reply["content"]["status"], "ok")
        [display] = of_type(messages, "display_data")
        data = display["content"]["data"]
        self.assertTrue(data["image/svg+xml"].lstrip().startswith("<svg"))
        self.assertTrue(data["text/plain"].strip())

    def test_complete_a_model_field(self):
        run(self.kc, "model Pair(n) {\n  fc1 = Linear(n, 2)\n  forward(x) = fc1(x)\n}\nnet = Pair(3)")
        code = "a = 1\nnet.f"  # on the second line: cursor_start counts from the cell's start
        self.kc.complete(code, cursor_pos=len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(reply["matches"], ["fc1", "forward"])
        self.assertEqual(reply["cursor_start"], len(code) - 1)
        self.assertEqual(reply["cursor_end"], len(code))

    def test_complete_counts_code_points(self):
        # "é" is one code point, "👍🏽" two: cursor positions count code points.
        code = 'print("é👍🏽")\nLine'
        self.kc.complete(code, cursor_pos=len(code))
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertIn("Linear", reply["matches"])
        self.assertEqual(reply["cursor_start"], len(code) - 4)

    def test_inspect_a_prelude_model(self):
        self.kc.inspect("Linear", cursor_pos=3)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertTrue(reply["found"])
        self.assertIn("Linear", reply["data"]["text/plain"])
        self.kc.inspect("no_such_name_anywhere", cursor_pos=2)
        self.assertFalse(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["found"])

    def test_is_complete(self):
        for code, status in [("model M() {", "incomplete"), ("x = (1 +", "incomplete"),
                             ("x = 1", "complete")]:
            self.kc.is_complete(code)
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
            self.assertEqual(reply["status"], status, code)

    def test_comm_info(self):
        self.kc.comm_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["comms"], {})

    def history(self, **request):
        self.kc.history(**request)
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertEqual(reply["status"], "ok")
        return reply["history"]

    def test_history_tail_range_and_search(self):
        first, _ = run(self.kc, "marked_a = 2")
        run(self.kc, "marked_a * 21")
        run(self.kc, "marked_b = 3", store_history=False)
        number = first["content"]["execution_count"]
        tail = self.history(hist_access_type="tail", n=2, output=True)
        session = tail[0][0]
        self.assertGreaterEqual(session, 1)
        self.assertEqual(tail, [[session, number, ["marked_a = 2", None]],
                                [session, number + 1, ["marked_a * 21", "42"]]])
        self.assertEqual(self.history(hist_access_type="range", session=0, start=number,
                                      stop=number + 1),
                         [[session, number, "marked_a = 2"]])
        self.assertEqual(self.history(hist_access_type="range", session=session - 1, start=1), [])
        found = self.history(hist_access_type="search", pattern="marked_? *")
        self.assertEqual([entry[2] for entry in found], ["marked_a = 2", "marked_a * 21"])

    def test_a_kernel_started_later_is_a_later_session_with_its_own_history(self):
        run(self.kc, "before_restart = 1")
        [[session, _, _]] = self.history(hist_access_type="tail", n=1)
        km, kc = start()
        try:
            run(kc, "after_restart = 1")
            kc.history(hist_access_type="tail", n=10)
            entries = kc.get_shell_msg(timeout=TIMEOUT)["content"]["history"]
            self.assertEqual([entry[2] for entry in entries], ["after_restart = 1"])
            self.assertGreater(entries[0][0], session)
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def test_store_history_false_takes_no_number(self):
        before, _ = run(self.kc, "1")
        count = before["content"]["execution_count"]
        reply, messages = run(self.kc, "unstored = 6\nunstored * 7", store_history=False)
        self.assertEqual(reply["content"]["status"], "ok")
        self.assertEqual(reply["content"]["execution_count"], count)
        [result] = of_type(messages, "execute_result")
        self.assertEqual(result["content"]["data"]["text/plain"], "42")
        after, messages = run(self.kc, "print(_, unstored)")
        self.assertEqual(after["content"]["execution_count"], count + 1)
        self.assertEqual(of_type(messages, "stream")[0]["content"]["text"], "1 6\n")

    def test_silent_meta_command_shows_nothing(self):
        msg_id = self.kc.execute(":vars", silent=True)
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["content"]["status"], "ok")
        self.assertEqual([m["msg_type"] for m in outputs(self.kc, msg_id)], ["status", "status"])

    def test_silent_failure_is_in_the_reply_only_and_aborts_nothing(self):
        failing = self.kc.execute("silently_unknown + 1", silent=True)
        queued = self.kc.execute("40 + 2")
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], failing)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("silently_unknown", reply["content"]["evalue"])
        self.assertEqual([m["msg_type"] for m in outputs(self.kc, failing)], ["status", "status"])
        after = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(after["parent_header"]["msg_id"], queued)
        self.assertEqual(after["content"]["status"], "ok")
        outputs(self.kc, queued)

    def test_tensor_result_has_an_html_table(self):
        reply, messages = run(self.kc, "tensor([[1.0, 2.0], [3.0, 4.0]])")
        [result] = of_type(messages, "execute_result")
        data = result["content"]["data"]
        self.assertIn("shape: [2, 2]", data["text/plain"])
        html = data["text/html"]
        self.assertIn("shape [2, 2] · float32", html)
        self.assertIn("<tr><th>1</th><td>3.0000</td><td>4.0000</td></tr>", html)
        _, messages = run(self.kc, "reshape(arange(0, 2000), 40, 50)")
        html = of_type(messages, "execute_result")[0]["content"]["data"]["text/html"]
        self.assertEqual(html.count("<td>"), 49)
        self.assertIn("<td>1999.0000</td>", html)
        self.assertIn("<th>⋮</th>", html)
        _, messages = run(self.kc, "[\"a list\", 2]")
        self.assertNotIn("text/html", of_type(messages, "execute_result")[0]["content"]["data"])

    def test_interrupt_stops_a_loop_and_keeps_names(self):
        run(self.kc, "spins = 0")
        msg_id = self.kc.execute("while true { spins = spins + 1 }")
        time.sleep(0.5)
        # The heartbeat is answered while the cell runs.
        ping = zmq.Context.instance().socket(zmq.REQ)
        ping.linger = 0
        ping.connect(f"tcp://{self.km.ip}:{self.km.hb_port}")
        ping.send(b"ping")
        self.assertTrue(ping.poll(1000), "no heartbeat during a long cell")
        self.assertEqual(ping.recv(), b"ping")
        ping.close()
        sent = time.monotonic()
        self.km.interrupt_kernel()
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertLess(time.monotonic() - sent, 1.0)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        outputs(self.kc, msg_id)
        reply, messages = run(self.kc, "spins > 0")
        self.assertEqual(of_type(messages, "execute_result")[0]["content"]["data"]["text/plain"], "true")

    def test_interrupt_request_on_control(self):
        msg_id = self.kc.execute("while true { }")
        time.sleep(0.3)
        request = self.kc.session.msg("interrupt_request", {})
        self.kc.control_channel.send(request)
        control = self.kc.get_control_msg(timeout=TIMEOUT)
        self.assertEqual(control["msg_type"], "interrupt_reply")
        reply = self.kc.get_shell_msg(timeout=TIMEOUT)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["ename"], "Interrupted")
        outputs(self.kc, msg_id)

    def test_queued_cells_after_an_error_are_aborted(self):
        # Three cells sent at once, as "Run All" sends them; the first fails after a moment.
        failing = "n = 0\nwhile n < 20000 { n = n + 1 }\nnot_defined_anywhere"
        ids = [self.kc.execute(failing), self.kc.execute("ran_after = 1"), self.kc.execute("2")]
        replies = {}
        for _ in ids:
            reply = self.kc.get_shell_msg(timeout=TIMEOUT)
            replies[reply["parent_header"]["msg_id"]] = reply["content"]["status"]
        self.assertEqual([replies[i] for i in ids], ["error", "aborted", "aborted"])
        for msg_id in ids:
            outputs(self.kc, msg_id)
        # A cell sent after the failure is known runs, and the aborted ones did not.
        reply, _ = run(self.kc, "ran_after")
        self.assertEqual(reply["content"]["status"], "error")
        reply, _ = run(self.kc, "3")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_sigint_while_idle_is_harmless(self):
        self.km.interrupt_kernel()
        time.sleep(0.2)
        reply, _ = run(self.kc, "1 + 1")
        self.assertEqual(reply["content"]["status"], "ok")

    def test_message_with_a_bad_signature_is_dropped(self):
        forger = self.km.client()
        forger.session.key = b"not the key"
        forger.start_channels()
        try:
            forger.kernel_info()
            with self.assertRaises(queue.Empty):
                forger.get_shell_msg(timeout=1.5)
        finally:
            forger.stop_channels()
        # The kernel goes on serving signed messages.
        self.kc.kernel_info()
        self.assertEqual(self.kc.get_shell_msg(timeout=TIMEOUT)["msg_type"], "kernel_info_reply")


class KernelLifetime(unittest.TestCase):
    def test_kernel_exits_when_the_process_that_started_it_dies(self):
        starter = subprocess.Popen(
            [sys.executable, "-c",
             "import time\n"
             "from jupyter_client.manager import start_new_kernel\n"
             "km, kc = start_new_kernel(kernel_name='gradus', startup_timeout=30)\n"
             "print(km.provisioner.process.pid, flush=True)\n"
             "time.sleep(60)\n"],
            stdout=subprocess.PIPE)
        pid = int(starter.stdout.readline())
        starter.kill()
        starter.wait()
        deadline = time.monotonic() + 5
        while process_alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = process_alive(pid)
        if alive:
            os.kill(pid, signal.SIGKILL)
        self.assertFalse(alive, "the orphaned kernel still runs")


    def test_restart_forgets_names(self):
        km, kc = start()
        try:
            run(kc, "before_restart = 1")
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=30)
            reply, _ = run(kc, "before_restart")
            self.assertEqual(reply["content"]["status"], "error")
        finally:
            kc.stop_channels()
            km.shutdown_kernel(now=True)

    def test_shutdown_stops_a_running_cell(self):
        km, kc = start()
        process = km.provisioner.process
        kc.execute("while true { }")
        time.sleep(0.3)
        kc.stop_channels()
        started = time.monotonic()
        km.shutdown_kernel(now=False)
        self.assertLess(time.monotonic() - started, 2.5)
        self.assertEqual(process.wait(timeout=1), 0)

    def test_shutdown_leaves_no_process(self):
        km, kc = start()
        process = km.provisioner.process  # the Popen: shutdown forgets it
        pid = process.pid
        kc.stop_channels()
        started = time.monotonic()
        km.shutdown_kernel(now=False)
        # It exited by itself, well before jupyter_client's SIGTERM at 2.5 s ...
        self.assertLess(time.monotonic() - started, 2.5)
        self.assertEqual(process.wait(timeout=1), 0)
        # ... and is gone.
        self.assertFalse(process_alive(pid))
        with self.assertRaises(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


if __name__ == "__main__":
    unittest.main()
