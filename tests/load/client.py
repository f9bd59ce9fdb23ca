"""A minimal Streamlit client that speaks the app's own websocket protocol, for the load test.

It does what the browser's frontend does, and nothing more:

- it opens ``ws://HOST/_stcore/stream`` with the subprotocol ``streamlit`` (the server reads the second and third
  entries of that header as an XSRF token and a session to resume; this client sends neither);
- it asks for a script run with a ``BackMsg`` whose ``rerun_script`` is a ``ClientState``: the page's
  ``page_script_hash`` (Streamlit's ``calc_hash`` of the page's ``url_path``, as ``st.Page._script_hash``), the query
  string of the view, the browser context (``context_info``: URL, time zone, locale) and, when a widget changed,
  the ``widget_states`` of the widgets it changed (the server keeps the last value of every other widget);
- it reads ``ForwardMsg`` frames until ``script_finished`` ends the run: a run ended early for a rerun (a page
  that switches pages, see ``evidence.ui.registry.ensure_frame``) is followed by a new run, whose ``new_session``
  restarts the picture;
- it keeps the elements of the run by their ``delta_path``, as the frontend draws them, and follows the query
  string the app writes (``page_info_changed``), so that the next run is asked for with the address the browser
  would show.

Every wait is bounded by a deadline and every loop by a number of messages.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ClientState_pb2 import ClientState
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState, WidgetStates
from streamlit.util import calc_hash
from websockets.asyncio.client import ClientConnection, connect

#: The most ForwardMsgs one script run may send before the client gives up on it (the fixture pages send ~100).
MAX_MESSAGES_PER_RUN = 5_000
#: The most runs one request may chain (a run ended early for a rerun is followed by another).
MAX_CHAINED_RUNS = 5
#: Runs that end the request. FINISHED_EARLY_FOR_RERUN does not: another run follows.
FINAL_STATUSES = frozenset(
    {
        ForwardMsg.FINISHED_SUCCESSFULLY,
        ForwardMsg.FINISHED_WITH_COMPILE_ERROR,
        ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY,
    }
)


def page_script_hash(url_path: str) -> str:
    """The hash Streamlit gives a page: ``calc_hash`` of its url_path (``st.Page._script_hash``)."""
    return calc_hash(url_path.strip("/"))


class ProtocolError(AssertionError):
    """The server did not answer as Streamlit's protocol says (timeout, closed socket, too many messages)."""


@dataclass
class Run:
    """What one request for a script run showed, once its last run finished."""

    page_script_hash: str = ""  # the page the server ran (new_session), "" if it sent none
    status: int | None = None  # script_finished status of the last run
    runs: int = 0  # script runs it took (more than 1 when a run ended early for a rerun)
    messages: int = 0
    seconds: float = 0.0  # from sending the BackMsg to the last script_finished
    elements: dict[tuple[int, ...], Element] = field(default_factory=dict)  # by delta_path
    fragments: dict[tuple[int, ...], str] = field(default_factory=dict)  # delta_path -> fragment drawing it
    exceptions: list[str] = field(default_factory=list)  # exception elements and compilation errors
    page_not_found: list[str] = field(default_factory=list)
    app_pages: dict[str, str] = field(default_factory=dict)  # url_pathname -> page_script_hash (navigation)

    def ordered(self) -> list[Element]:
        return [self.elements[path] for path in sorted(self.elements)]

    @property
    def markdown(self) -> list[str]:
        """The markdown bodies shown, in page order (sidebar included)."""
        return [e.markdown.body for e in self.ordered() if e.WhichOneof("type") == "markdown"]

    def count_line(self) -> str | None:
        """The page's 'N of M ... match the filters.' line, as written (like tests.conftest.count_line)."""
        return next((body for body in self.markdown if "match the filters" in body), None)

    def multiselect(self, label: str):
        """The multiselect proto whose label is ``label`` (its ``id`` is the widget id to send back)."""
        found = [e.multiselect for e in self.ordered() if e.WhichOneof("type") == "multiselect"]
        matches = [m for m in found if m.label == label]
        if len(matches) != 1:
            raise ProtocolError(f"expected one multiselect labelled {label!r}; saw {[m.label for m in found]}")
        return matches[0]


class Session:
    """One browser tab: one websocket, one Streamlit session, its current page and address."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        parts = urlsplit(base_url)
        if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
            raise ValueError(f"the load client only talks to loopback, not {base_url}")
        self.base_url = base_url.rstrip("/")
        self.ws_url = f"ws://{parts.netloc}/_stcore/stream"
        self.timeout = timeout
        self.url_path = ""
        self.query_string = ""
        self._ws: ClientConnection | None = None
        self.session_id = ""  # the server's id of this tab's session (new_session), for backend operations
        self._requests = 0

    async def __aenter__(self) -> Session:
        options: dict[str, object] = {
            "subprotocols": ["streamlit"],
            "origin": self.base_url,  # same origin as the page, like the browser
            "max_size": 64 * 2**20,
            "open_timeout": self.timeout,
            "close_timeout": 5,
            "compression": None,
        }
        if "proxy" in inspect.signature(connect.__init__).parameters:  # websockets >= 15 reads proxy settings
            options["proxy"] = None
        self._ws = await connect(self.ws_url, **options)  # type: ignore[arg-type]
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        if self._ws is not None:
            await self._ws.close()
            self._ws = None

    async def open(self, url_path: str, query_string: str = "") -> Run:
        """Go to a page with a query string, as a link followed in the app (a page change) does."""
        self.url_path = url_path.strip("/")
        self.query_string = query_string.lstrip("?")
        return await self._rerun(None)

    async def set_multiselect(self, shown: Run, label: str, chosen: list[str]) -> Run:
        """Choose ``chosen`` (the options as shown) in the multiselect labelled ``label`` and rerun."""
        widget = shown.multiselect(label)
        unknown = [c for c in chosen if c not in widget.options]
        if unknown:
            raise ProtocolError(f"{unknown} are not options of {label!r}: {list(widget.options)}")
        state = WidgetState(id=widget.id)
        state.string_array_value.data.extend(chosen)
        # a widget drawn by a fragment reruns that fragment alone, as the browser asks
        fragment = next(
            (
                shown.fragments.get(path, "")
                for path, element in shown.elements.items()
                if element.WhichOneof("type") == "multiselect" and element.multiselect.id == widget.id
            ),
            "",
        )
        return await self._rerun(WidgetStates(widgets=[state]), fragment)

    async def deferred_file(self, file_id: str) -> str:
        """Ask for a download made on click (a download button whose data is a callable), as the browser does when
        the button is clicked: the server makes the file and answers with its /media/ address."""
        if self._ws is None:
            raise ProtocolError("the session is not connected")
        self._requests += 1
        request_id = f"deferred-{self._requests}"
        message = BackMsg()
        message.backend_operation_request.request_id = request_id
        message.backend_operation_request.session_id = self.session_id
        message.backend_operation_request.deferred_file.file_id = file_id
        await self._ws.send(message.SerializeToString())
        async with asyncio.timeout(self.timeout):
            while True:
                frame = await self._ws.recv()
                if isinstance(frame, str):
                    continue
                msg = ForwardMsg.FromString(frame)
                if msg.WhichOneof("type") != "backend_operation_response":
                    continue
                response = msg.backend_operation_response
                if response.request_id != request_id:
                    continue
                if response.error_msg:
                    raise ProtocolError(f"the deferred download {file_id} failed: {response.error_msg}")
                return response.deferred_file.url

    def _client_state(self, widget_states: WidgetStates | None, fragment_id: str = "") -> ClientState:
        client_state = ClientState(
            query_string=self.query_string,
            page_script_hash=page_script_hash(self.url_path) if self.url_path else "",
            page_name="",
            fragment_id=fragment_id,
        )
        if widget_states is not None:
            client_state.widget_states.CopyFrom(widget_states)
        info = client_state.context_info
        info.timezone = "UTC"
        info.timezone_offset = 0
        info.locale = "en-GB"
        info.url = f"{self.base_url}/{self.url_path}" + (f"?{self.query_string}" if self.query_string else "")
        info.is_embedded = False
        info.color_scheme = "light"
        return client_state

    async def _rerun(self, widget_states: WidgetStates | None, fragment_id: str = "") -> Run:
        if self._ws is None:
            raise ProtocolError("the session is not connected")
        message = BackMsg()
        message.rerun_script.CopyFrom(self._client_state(widget_states, fragment_id))
        run = Run()
        started = time.perf_counter()
        await self._ws.send(message.SerializeToString())
        try:
            async with asyncio.timeout(self.timeout):
                await self._collect(run)
        except TimeoutError as error:
            raise ProtocolError(
                f"no script_finished within {self.timeout}s for /{self.url_path}?{self.query_string} "
                f"({run.messages} messages, {run.runs} runs)"
            ) from error
        run.seconds = time.perf_counter() - started
        return run

    async def _collect(self, run: Run) -> None:
        assert self._ws is not None
        while run.messages < MAX_MESSAGES_PER_RUN:
            frame = await self._ws.recv()
            run.messages += 1
            if isinstance(frame, str):
                raise ProtocolError(f"a text frame on the stream: {frame[:200]!r}")
            msg = ForwardMsg.FromString(frame)
            kind = msg.WhichOneof("type")
            if kind == "new_session":  # a run starts: the frontend clears what it shows
                run.elements.clear()
                run.page_script_hash = msg.new_session.page_script_hash
                if msg.new_session.initialize.session_id:
                    self.session_id = msg.new_session.initialize.session_id
            elif kind == "navigation":
                run.app_pages = {p.url_pathname: p.page_script_hash for p in msg.navigation.app_pages}
            elif kind == "page_info_changed":  # the app wrote st.query_params: the address bar follows
                self.query_string = msg.page_info_changed.query_string
            elif kind == "page_not_found":
                run.page_not_found.append(msg.page_not_found.page_name)
            elif kind == "session_event" and msg.session_event.WhichOneof("type") == "script_compilation_exception":
                error = msg.session_event.script_compilation_exception
                run.exceptions.append(f"compilation: {error.type}: {error.message}")
            elif kind == "delta":
                self._apply(run, msg)
            elif kind == "ref_hash":  # only sent for hashes the client says it caches; this one caches none
                raise ProtocolError("the server sent a cached-message reference to a client without a cache")
            elif kind == "script_finished":
                run.runs += 1
                run.status = msg.script_finished
                if msg.script_finished in FINAL_STATUSES:
                    return
                if run.runs >= MAX_CHAINED_RUNS:
                    raise ProtocolError(f"{run.runs} chained runs without a final script_finished")
        raise ProtocolError(f"more than {MAX_MESSAGES_PER_RUN} messages in one run")

    @staticmethod
    def _apply(run: Run, msg: ForwardMsg) -> None:
        path = tuple(msg.metadata.delta_path)
        delta = msg.delta
        if delta.WhichOneof("type") == "add_block":  # a container takes the place: what was there goes
            run.elements.pop(path, None)
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        run.elements[path] = element
        if delta.fragment_id:
            run.fragments[path] = delta.fragment_id
        if element.WhichOneof("type") == "exception":
            error = element.exception
            run.exceptions.append(f"{error.type}: {error.message}")
