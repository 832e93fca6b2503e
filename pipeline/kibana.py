"""Load the newsroom's Kibana objects (data views, saved searches, dashboard).

``deploy/kibana/news.ndjson`` is posted to Kibana's saved-objects import API
with ``overwrite=true``. Every object has a fixed id, so importing the file
again replaces the objects instead of adding copies, and repeating a request
whose answer was lost is harmless: that is why connection errors and 5xx are
retried (a bounded number of times) even though the request is a POST.

Kibana answers 200 even when some objects were refused (``"success": false``
with one entry per object in ``errors``); that case is raised as
``KibanaImportError`` naming each object and what was wrong with it.

Registered in ``pipeline/cli.py`` with::

    from pipeline.kibana import kibana_app
    app.add_typer(kibana_app, name="kibana")
"""

from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import unquote, urlsplit, urlunsplit

import httpx
import typer

from pipeline.console import console, fatal, settings_or_exit
from pipeline.errors import FatalError
from pipeline.retry import TRANSIENT_STATUS, RetryLater, retry_after_seconds, retrying
from pipeline.settings import redact_url

log = logging.getLogger(__name__)

IMPORT_PATH = "/api/saved_objects/_import"
DEFAULT_INDEX_PREFIX = "news"  # the data view titles in news.ndjson are written for it


class KibanaImportError(FatalError):
    """Kibana refused the import, or did not answer within the retries."""


def kibana_dir() -> Path:
    """``deploy/kibana/`` beside the package in a checkout, else in the working directory.

    Same rule as ``pipeline.index.writer.schemas_dir``: the objects are data
    files, not package data, so an image that wants the default must copy
    ``deploy/kibana/`` next to where it runs.
    """
    here = Path(__file__).resolve().parents[1] / "deploy" / "kibana"
    return here if here.is_dir() else Path.cwd() / "deploy" / "kibana"


def default_objects_file() -> Path:
    return kibana_dir() / "news.ndjson"


def split_credentials(url: str) -> tuple[str, str | None, str | None]:
    """``http://user:pw@host`` -> (``http://host``, user, pw).

    httpx logs each request's URL at INFO; with the credentials moved into the
    auth header they cannot end up in a log.
    """
    parts = urlsplit(url)
    if not (parts.username or parts.password):
        return url, None, None
    host = parts.hostname or ""
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if parts.port:
        host += f":{parts.port}"
    bare = urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))
    return bare, unquote(parts.username or ""), unquote(parts.password or "")


def import_url(url: str, space: str | None = None) -> str:
    """The import endpoint, in ``space`` when one is given (``default`` has no prefix)."""
    base = url.rstrip("/")
    if space and space != "default":
        base = f"{base}/s/{space}"
    return f"{base}{IMPORT_PATH}"


def with_index_prefix(ndjson: str, prefix: str) -> str:
    """Point the data views at ``PREFIX``, ``PREFIX-alerts`` and ``PREFIX-stories``.

    The file is written for the default ``INDEX_PREFIX`` (``news``); a pipeline
    running with another prefix gets data views over its own aliases. Only
    the ``title`` (the index pattern) of data views changes: ids, and so every
    reference between the objects, stay as they are.
    """
    if prefix == DEFAULT_INDEX_PREFIX:
        return ndjson
    renames = {
        DEFAULT_INDEX_PREFIX: prefix,
        f"{DEFAULT_INDEX_PREFIX}-alerts": f"{prefix}-alerts",
        f"{DEFAULT_INDEX_PREFIX}-stories": f"{prefix}-stories",
    }
    out = []
    for line in ndjson.splitlines():
        if not line.strip():
            continue
        obj = json.loads(line)
        if obj.get("type") == "index-pattern":
            title = obj["attributes"].get("title")
            if title in renames:
                obj["attributes"]["title"] = renames[title]
        out.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":")))
    return "\n".join(out) + "\n"


def describe_errors(errors: list[dict[str, Any]]) -> list[str]:
    """One line per refused object: ``type/id "title": what went wrong``."""
    lines = []
    for item in errors:
        err = item.get("error") or {}
        kind = err.get("type", "unknown")
        what = f"{item.get('type', '?')}/{item.get('id', '?')}"
        title = item.get("title") or (item.get("meta") or {}).get("title")
        if title:
            what += f' "{title}"'
        if kind == "missing_references":
            refs = ", ".join(f"{r.get('type')}/{r.get('id')}" for r in err.get("references", []))
            detail = f"missing references: {refs}"
        elif kind in ("conflict", "ambiguous_conflict"):
            detail = f"{kind} (already exists and was not overwritten)"
        elif kind == "unsupported_type":
            detail = "unsupported type (not importable in this Kibana)"
        else:
            msg = err.get("message") or err.get("error") or ""
            code = err.get("statusCode")
            detail = kind + (f" ({code})" if code else "") + (f": {msg}" if msg else "")
        lines.append(f"{what}: {detail}")
    return lines


def _response_json(resp: httpx.Response) -> dict[str, Any]:
    try:
        body = resp.json()
    except ValueError:
        raise KibanaImportError(
            f"Kibana answered {resp.status_code} with a body that is not JSON: {resp.text[:200]!r}"
        ) from None
    if not isinstance(body, dict):
        raise KibanaImportError(f"Kibana answered {resp.status_code} with {body!r}")
    return body


def _post_with_retries(
    client: httpx.Client,
    endpoint: str,
    *,
    headers: dict[str, str],
    files: dict[str, tuple[str, bytes, str]],
    attempts: int,
    backoff: float,
) -> httpx.Response:
    """The first answer that is not a 429/5xx, under the one retry policy
    (``pipeline/retry.py``); connection errors and timeouts are retried too."""
    shown = redact_url(endpoint)

    def post() -> httpx.Response:
        try:
            resp = client.post(endpoint, params={"overwrite": "true"}, headers=headers, files=files)
        except httpx.TransportError as exc:
            raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
        if resp.status_code in TRANSIENT_STATUS:
            after = retry_after_seconds(resp.headers.get("retry-after"))
            raise RetryLater(f"HTTP {resp.status_code}", status=resp.status_code, after=after)
        return resp

    try:
        for attempt in retrying(
            f"Kibana import to {shown}", attempts=attempts, first=backoff, cap=30.0
        ):
            with attempt:
                return post()
    except RetryLater as exc:
        raise KibanaImportError(
            f"Kibana at {shown} did not accept the import after {attempts} attempt(s) (last: {exc})"
        ) from None
    raise AssertionError("unreachable: the policy returns or raises")


def import_saved_objects(
    url: str,
    path: Path,
    *,
    username: str | None = None,
    password: str | None = None,
    api_key: str | None = None,
    space: str | None = None,
    timeout: float = 30,
    index_prefix: str | None = None,
    ca_file: Path | None = None,
    attempts: int = 5,
    backoff: float = 1.0,
) -> dict[str, Any]:
    """POST ``path`` to Kibana's import API (overwrite) and return Kibana's answer.

    ``api_key`` (the base64 ``id:key`` form Elasticsearch returns as
    ``encoded``) wins over ``username``/``password``; Kibana checks both
    against Elasticsearch, so the pipeline's own ES credentials work when the
    user may manage saved objects. Connection errors, timeouts, 429 and 5xx
    are retried up to ``attempts`` requests in all, waiting ``backoff``
    seconds, doubled each time (capped at 30 s). Credentials never appear in
    logs or errors: ``user:password@`` in ``url`` is sent as basic auth (when
    no other credentials are given) and dropped from the URL.
    """
    if path.suffix != ".ndjson":
        raise KibanaImportError(f"{path}: Kibana imports only .ndjson files")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise KibanaImportError(f"cannot read {path}: {exc.strerror}") from None
    if index_prefix:
        text = with_index_prefix(text, index_prefix)
    payload = text.encode("utf-8")

    url, url_user, url_password = split_credentials(url)
    if url_user is not None and not (api_key or username):
        username, password = url_user, url_password
    endpoint = import_url(url, space)
    shown = redact_url(endpoint)
    headers = {"kbn-xsrf": "true"}
    auth: httpx.BasicAuth | None = None
    if api_key:
        headers["Authorization"] = f"ApiKey {api_key}"
    elif username:
        auth = httpx.BasicAuth(username, password or "")
    verify: str | bool = str(ca_file) if ca_file else True

    with httpx.Client(timeout=timeout, verify=verify, auth=auth) as client:
        resp = _post_with_retries(
            client,
            endpoint,
            headers=headers,
            files={"file": (path.name, payload, "application/ndjson")},
            attempts=max(1, attempts),
            backoff=backoff,
        )

    if resp.status_code >= 400:
        try:
            detail = _response_json(resp).get("message", "")
        except KibanaImportError:
            detail = resp.text[:200]
        hint = ""
        if resp.status_code in (401, 403):
            hint = " (the user needs the Saved Objects Management privilege in this space)"
        raise KibanaImportError(
            f"Kibana at {shown} refused the import: {resp.status_code} {detail}{hint}"
        )
    body = _response_json(resp)
    if body.get("success") is not True:
        errors = body.get("errors") or []
        lines = describe_errors(errors)
        ok = body.get("successCount", 0)
        listing = "".join(f"\n  - {line}" for line in lines) or "\n  (Kibana listed no errors)"
        raise KibanaImportError(
            f"Kibana imported {ok} object(s) from {path.name} and refused {len(errors)}:{listing}"
        )
    for warning in body.get("warnings") or []:
        log.warning("Kibana import: %s", warning.get("message", warning))
    log.info("imported %s saved objects into %s", body.get("successCount", 0), shown)
    return body


# ----------------------------------------------------------------------- CLI
kibana_app = typer.Typer(help="Kibana saved objects for editors.", no_args_is_help=True)


@kibana_app.callback()
def _kibana() -> None:
    """Kibana saved objects for editors (a group, so the command is always ``kibana import``)."""


@kibana_app.command("import")
def kibana_import(
    url: Annotated[str, typer.Option("--url", help="Kibana base URL, e.g. http://localhost:5601")],
    file: Annotated[
        Path,
        typer.Option(
            "--file",
            help="Saved objects to import (NDJSON)",
            dir_okay=False,
        ),
    ] = default_objects_file(),  # noqa: B008 - resolved once, shown in --help
    space: Annotated[
        str | None, typer.Option(help="Kibana space id (default: the default space)")
    ] = None,
    ca_file: Annotated[
        Path | None,
        typer.Option(help="CA bundle for an https Kibana (default: ES_CA_FILE)", dir_okay=False),
    ] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each request")] = 30.0,
    attempts: Annotated[
        int,
        typer.Option(
            min=1, help="Requests before giving up on 5xx/no answer (waits 1 s, 2 s, ... 30 s)"
        ),
    ] = 5,
    username: Annotated[str | None, typer.Option(help="Kibana user (default: ES_USERNAME)")] = None,
    password_file: Annotated[
        Path | None,
        typer.Option(
            help="File holding that user's password (default: ES_PASSWORD)", dir_okay=False
        ),
    ] = None,
    api_key_file: Annotated[
        Path | None,
        typer.Option(help="File holding a Kibana/ES API key (default: ES_API_KEY)", dir_okay=False),
    ] = None,
) -> None:
    """Import data views, saved searches, visualizations and the dashboard (overwrite).

    Kibana authenticates against Elasticsearch, so the pipeline's ES
    credentials (ES_API_KEY, or ES_USERNAME and ES_PASSWORD, or their _FILE
    forms) are used unless --username/--password-file or --api-key-file name
    others: the pipeline's own key is usually limited to its indices and may
    not manage saved objects. Secrets are read from files, never taken on the
    command line. Data views follow INDEX_PREFIX.
    """

    s = settings_or_exit()
    api_key = s.es_api_key.get_secret_value() if s.es_api_key else None
    user = s.es_username
    password = s.es_password.get_secret_value() if s.es_password else None
    try:
        if api_key_file:
            api_key, user, password = _read_secret(api_key_file, "--api-key-file"), None, None
        elif username or password_file:
            if not password_file:
                raise KibanaImportError("--username needs --password-file")
            api_key, user = None, username or s.es_username
            password = _read_secret(password_file, "--password-file")
        result = import_saved_objects(
            url,
            file,
            username=user,
            password=password,
            api_key=api_key,
            space=space,
            timeout=timeout,
            attempts=attempts,
            index_prefix=s.index_prefix,
            ca_file=ca_file or s.es_ca_file,
        )
    except FatalError as exc:
        raise fatal(exc) from None
    console.print(
        f"imported {result.get('successCount', 0)} saved objects from {file} "
        f"into {redact_url(url)}" + (f" (space {space})" if space else "")
    )


def _read_secret(path: Path, flag: str) -> str:
    try:
        return path.read_text().rstrip("\n")
    except OSError as exc:
        raise KibanaImportError(f"{flag}: cannot read {path}: {exc.strerror}") from None
