"""The fence around every request the pipeline makes to an address it was given.

Feed URLs (and every redirect they follow) and webhook URLs come from people
and documents outside the pipeline's control, so a request to one of them must
not reach this machine, the private network behind it, or a cloud metadata
service. A check of the URL's text is not enough: a public-looking name can
resolve to ``127.0.0.1``, and a name checked and then resolved again when
connecting can answer differently the second time. So the check lives in the
HTTP client's network backend (:class:`GuardedBackend`): the name is resolved
once, *every* address it resolves to is checked, and the connection is made to
an address that passed. TLS still verifies the certificate against the name,
because httpcore passes the URL's host as the server name.

An operator who wants an internal receiver names it: ``WEBHOOK_ALLOW_HOSTS`` /
``FEED_ALLOW_HOSTS`` take host names, addresses and networks (``10.1.2.0/24``).
The deny list (the pipeline's own Kafka and Elasticsearch hosts, plus
``WEBHOOK_DENY_HOSTS``) wins over everything else.
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import socket
import ssl
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpcore
import httpx

from pipeline.errors import PermanentError

if TYPE_CHECKING:
    from pipeline.settings import Settings

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], list[str]]

# Cloud instance metadata services: AWS/GCP/Azure/OpenStack, AWS over IPv6,
# Alibaba Cloud, Oracle Cloud.
METADATA = frozenset(
    ipaddress.ip_address(a)
    for a in ("169.254.169.254", "fd00:ec2::254", "100.100.100.200", "192.0.0.192")
)
# Names that mean this machine whatever DNS says (RFC 6761, Debian's /etc/hosts).
LOOPBACK_NAMES = frozenset(
    {
        "localhost",
        "localhost.localdomain",
        "localhost4",
        "localhost4.localdomain4",
        "localhost6",
        "localhost6.localdomain6",
        "ip6-localhost",
        "ip6-loopback",
    }
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_NAT64_LOCAL = ipaddress.ip_network("64:ff9b:1::/48")
_IPV4_COMPAT = ipaddress.ip_network("::/96")
_UNIQUE_LOCAL = ipaddress.ip_network("fc00::/7")
_SHARED = ipaddress.ip_network("100.64.0.0/10")
_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"))
_DENIED = "on the deny list (the pipeline's Kafka and Elasticsearch hosts and those configured)"


class ForbiddenDestination(PermanentError):
    """A request would go somewhere the outbound policy refuses."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, code="forbidden_destination")


def literal_ip(host: str) -> IPAddress | None:
    """The address a literal host stands for, including the legacy forms
    ``127.1``, ``0x7f.0.0.1``, ``0177.0.0.1`` and ``2130706433`` that
    ``inet_aton`` (and so many HTTP stacks) still accept."""
    h = host.strip().strip("[]")
    try:
        return ipaddress.ip_address(h)
    except ValueError:
        pass
    if not h or not h[0].isdigit() or not all(c in "0123456789abcdefxABCDEFX." for c in h):
        return None
    try:
        return ipaddress.IPv4Address(socket.inet_aton(h))
    except OSError:
        return None


def embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    """The IPv4 address carried inside an IPv6 one (mapped, compatible, NAT64,
    6to4, Teredo), which is where a packet to it may end up."""
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64 or ip in _NAT64_LOCAL or (ip in _IPV4_COMPAT and int(ip) > 1):
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def address_kind(ip: IPAddress) -> str | None:
    """What makes ``ip`` an address no outside-supplied URL may reach (None: public)."""
    if ip in METADATA:
        return "a cloud metadata address"
    inner = embedded_ipv4(ip)
    if inner is not None:
        kind = address_kind(inner)
        return f"{kind} ({ip} carries {inner})" if kind else None
    if ip.is_loopback:
        return "a loopback address"
    if ip.is_unspecified:
        return "the unspecified address (this machine)"
    if ip.is_link_local:
        return "a link-local address (cloud metadata lives there)"
    if ip.is_multicast:
        return "a multicast address"
    if isinstance(ip, ipaddress.IPv6Address) and ip in _UNIQUE_LOCAL:
        return "a unique-local address"
    if isinstance(ip, ipaddress.IPv4Address) and ip in _SHARED:
        return "a shared (carrier-grade NAT) address"
    if any(ip in net for net in _RFC1918 if net.version == ip.version):
        return "a private network address"
    if ip.is_reserved or ip.is_private or not ip.is_global:
        return "a reserved, non-public address"
    return None


def _norm_host(host: str) -> str:
    return host.strip().strip("[]").lower().rstrip(".")


@dataclass(frozen=True)
class OutboundPolicy:
    """Where requests to outside-supplied URLs may go.

    ``deny_hosts`` (names or addresses) are always refused; ``allow_hosts``
    (names, addresses or networks in CIDR form) are allowed even when they are
    internal; everything else must resolve only to public addresses.
    ``allow_setting`` is the setting named in refusals, so the message tells
    the operator how to allow a receiver they trust.
    """

    deny_hosts: frozenset[str] = frozenset()
    allow_hosts: frozenset[str] = frozenset()
    allow_private: bool = False
    allow_setting: str = "WEBHOOK_ALLOW_HOSTS"
    _allow_nets: tuple[IPNetwork, ...] = field(default=(), init=False, repr=False)
    _allow_names: frozenset[str] = field(default=frozenset(), init=False, repr=False)
    _deny_ips: frozenset[IPAddress] = field(default=frozenset(), init=False, repr=False)
    _deny_names: frozenset[str] = field(default=frozenset(), init=False, repr=False)

    def __post_init__(self) -> None:
        nets: list[IPNetwork] = []
        names: set[str] = set()
        for entry in self.allow_hosts:
            e = _norm_host(entry)
            if not e:
                continue
            try:
                nets.append(ipaddress.ip_network(e, strict=False))
                continue
            except ValueError:
                pass
            ip = literal_ip(e)
            if ip is not None:
                nets.append(ipaddress.ip_network(ip))
            else:
                names.add(e)
        deny_ips: set[IPAddress] = set()
        deny_names: set[str] = set()
        for entry in self.deny_hosts:
            e = _norm_host(entry)
            ip = literal_ip(e) if e else None
            if ip is not None:
                deny_ips.add(ip)
            elif e:
                deny_names.add(e)
        object.__setattr__(self, "_allow_nets", tuple(nets))
        object.__setattr__(self, "_allow_names", frozenset(names))
        object.__setattr__(self, "_deny_ips", frozenset(deny_ips))
        object.__setattr__(self, "_deny_names", frozenset(deny_names))

    @classmethod
    def for_webhooks(cls, settings: Settings) -> OutboundPolicy:
        """Webhooks: ``WEBHOOK_ALLOW_HOSTS``, ``WEBHOOK_DENY_HOSTS`` and the pipeline's own hosts."""
        return policy_from(
            settings.webhook_allow_hosts,
            cls.parse_list(settings.webhook_deny_hosts),
            own_hosts(settings),
            allow_setting="WEBHOOK_ALLOW_HOSTS",
        )

    @classmethod
    def for_feeds(cls, settings: Settings) -> OutboundPolicy:
        """Feed fetches: ``FEED_ALLOW_HOSTS`` and the pipeline's own hosts."""
        return policy_from(
            settings.feed_allow_hosts, (), own_hosts(settings), allow_setting="FEED_ALLOW_HOSTS"
        )

    from_settings = for_webhooks

    @staticmethod
    def parse_list(value: str | None) -> frozenset[str]:
        """``a, b c`` (commas or spaces) as a set of entries."""
        return frozenset(p for p in (value or "").replace(",", " ").split() if p)

    # -- checks -------------------------------------------------------------------------
    def _allowed_ip(self, ip: IPAddress) -> bool:
        return any(ip in net for net in self._allow_nets if net.version == ip.version)

    def _denied_ip(self, ip: IPAddress) -> bool:
        inner = embedded_ipv4(ip)
        return ip in self._deny_ips or (inner is not None and inner in self._deny_ips)

    def check_host(self, host: str) -> str | None:
        """What can be said of ``host`` without resolving it (None: resolve and check)."""
        h = _norm_host(host)
        if not h:
            return "the URL has no host"
        if h in self._deny_names:
            return f"host {h!r} is {_DENIED}"
        if h in self._allow_names:
            return None
        ip = literal_ip(h)
        if ip is not None:
            return self.check_address(h, ip)
        if h in LOOPBACK_NAMES or h.endswith((".localhost", ".localhost.")):
            return (
                f"host {h!r} names this machine (loopback); "
                f"allow it with {self.allow_setting} if it is meant"
            )
        return None

    def check_address(self, host: str, ip: IPAddress) -> str | None:
        """Why ``host`` may not be reached at ``ip`` (None when it may)."""
        if self._denied_ip(ip):
            kind = address_kind(ip)
            said = f"{host} is" if literal_ip(host) is not None else f"{host} resolves to {ip},"
            return f"{said} {kind + ', ' if kind else ''}{_DENIED}"
        if self._allowed_ip(ip) or _norm_host(host) in self._allow_names:
            return None
        kind = address_kind(ip)
        if kind is None:
            return None
        if self.allow_private and kind == "a private network address":
            return None
        said = f"{host} is" if literal_ip(host) is not None else f"{host} resolves to {ip},"
        return f"{said} {kind}; allow it with {self.allow_setting}"

    def check_url(self, url: str) -> str | None:
        """Why ``url`` may not be requested, before any name is resolved (None: maybe)."""
        try:
            parts = urlsplit(url.strip())
            host = parts.hostname
            _ = parts.port  # raises on a bad port
        except ValueError as exc:
            return f"not a valid URL ({exc})"
        if parts.scheme not in ("http", "https"):
            return "only http and https URLs are allowed"
        if not host:
            return "the URL has no host"
        return self.check_host(host)

    def addresses(self, host: str, port: int, resolver: Resolver | None = None) -> list[str]:
        """Resolve ``host`` once and check every address; the addresses to connect to.

        Raises :class:`ForbiddenDestination` when the host or any of its addresses
        is refused: one forbidden address is enough, since the connection could
        go to any of them.
        """
        problem = self.check_host(host)
        if problem:
            raise ForbiddenDestination(problem)
        h = _norm_host(host)
        ip = literal_ip(h)
        if ip is not None:
            return [str(ip)]
        try:
            found = (resolver or system_resolver)(h, port)
        except (OSError, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {h!r}: {exc}") from exc
        if not found:
            raise httpcore.ConnectError(f"{h!r} resolves to no address")
        out: list[str] = []
        for a in found:
            addr = literal_ip(a.split("%", 1)[0])
            if addr is None:
                raise ForbiddenDestination(f"{h} resolves to {a!r}, not an address")
            problem = self.check_address(h, addr)
            if problem:
                raise ForbiddenDestination(problem)
            if str(addr) not in out:
                out.append(str(addr))
        return out


def own_hosts(settings: Settings) -> list[str]:
    """The Kafka bootstrap hosts and the Elasticsearch host: never a destination."""
    hosts = []
    for server in settings.kafka_bootstrap.split(","):
        server = server.strip()
        if server:
            try:
                host = urlsplit("//" + server).hostname
            except ValueError:
                host = None
            if host:
                hosts.append(host)
    try:
        es_host = urlsplit(settings.es_url).hostname
    except ValueError:
        es_host = None
    if es_host:
        hosts.append(es_host)
    return hosts


def system_resolver(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, in the system's order (one DNS lookup)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


def policy_from(
    allow: str | None,
    deny: Iterable[str],
    own_services: Iterable[str],
    *,
    allow_setting: str,
) -> OutboundPolicy:
    """A policy from settings text: the operator's allow and deny lists plus the
    pipeline's own hosts (which are denied even if listed as allowed)."""
    allowed = OutboundPolicy.parse_list(allow)
    own = {_norm_host(h) for h in own_services if h}
    return OutboundPolicy(
        deny_hosts=frozenset({*deny, *(own - {_norm_host(a) for a in allowed})}),
        allow_hosts=allowed,
        allow_setting=allow_setting,
    )


# --- the HTTP client side ---------------------------------------------------------------


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's sync network backend, with the policy between name and socket."""

    def __init__(
        self,
        policy: OutboundPolicy,
        resolver: Resolver | None = None,
        inner: httpcore.NetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.inner = inner or httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        last: Exception | None = None
        for ip in self.policy.addresses(host, port, self.resolver):
            try:
                return self.inner.connect_tcp(ip, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise ForbiddenDestination("unix sockets are not an outbound destination")

    def sleep(self, seconds: float) -> None:
        self.inner.sleep(seconds)


class AsyncGuardedBackend(httpcore.AsyncNetworkBackend):
    """The async twin; the DNS lookup runs in a thread, off the event loop."""

    def __init__(
        self,
        policy: OutboundPolicy,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.policy = policy
        self.resolver = resolver
        self.inner = inner or httpcore.AnyIOBackend()

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        loop = asyncio.get_running_loop()
        ips = await loop.run_in_executor(None, self.policy.addresses, host, port, self.resolver)
        last: Exception | None = None
        for ip in ips:
            try:
                return await self.inner.connect_tcp(
                    ip, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
        assert last is not None
        raise last

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise ForbiddenDestination("unix sockets are not an outbound destination")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


class _RedactHttpxLog(logging.Filter):
    """httpx logs every request's full URL at INFO: user info, tokens in the
    query, and the path of Slack-style webhooks, which is their secret. Keep
    scheme, host and port only."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 2:
            record.args = (args[0], redact_target(str(args[1])), *args[2:])
        return True


_HTTPX_FILTER = _RedactHttpxLog()


def redact_httpx_logs() -> None:
    """Install the filter on httpx's logger (idempotent)."""
    logger = logging.getLogger("httpx")
    if _HTTPX_FILTER not in logger.filters:
        logger.addFilter(_HTTPX_FILTER)


def _ssl() -> ssl.SSLContext:
    redact_httpx_logs()
    return httpx.create_ssl_context()


def guarded_transport(
    policy: OutboundPolicy,
    *,
    resolver: Resolver | None = None,
    inner: httpcore.NetworkBackend | None = None,
    max_connections: int = 10,
) -> httpx.HTTPTransport:
    """An httpx transport whose every connection (redirects included) passes the policy.

    No environment proxy is used: through a proxy, the address actually
    reached could not be checked.
    """
    ctx = _ssl()  # loading the CA bundle takes ~0.1 s: once per transport
    transport = httpx.HTTPTransport(verify=ctx, trust_env=False)
    transport._pool = httpcore.ConnectionPool(
        ssl_context=ctx,
        max_connections=max_connections,
        network_backend=GuardedBackend(policy, resolver, inner),
    )
    return transport


def async_guarded_transport(
    policy: OutboundPolicy,
    *,
    resolver: Resolver | None = None,
    inner: httpcore.AsyncNetworkBackend | None = None,
    max_connections: int = 10,
) -> httpx.AsyncHTTPTransport:
    ctx = _ssl()
    transport = httpx.AsyncHTTPTransport(verify=ctx, trust_env=False)
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=ctx,
        max_connections=max_connections,
        network_backend=AsyncGuardedBackend(policy, resolver, inner),
    )
    return transport


# --- credentials in URLs ------------------------------------------------------------------

SECRET_PARAMS = frozenset(
    {
        "token",
        "access_token",
        "auth",
        "auth_token",
        "api_key",
        "apikey",
        "key",
        "password",
        "passwd",
        "pass",
        "secret",
        "client_secret",
        "sig",
        "signature",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "code",
    }
)


def strip_credentials(url: str) -> str:
    """``url`` without user info and without query parameters that carry secrets:
    what may be stored, logged, printed or used as a base for relative links."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or ""
        port = parts.port
    except ValueError:
        return "<invalid url>"
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    query = parts.query
    if query:
        kept = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True) if not _secret(k)]
        query = urlencode(kept)
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))


def _secret(name: str) -> bool:
    n = name.lower()
    return n in SECRET_PARAMS or n.endswith(("token", "secret", "password", "_key", "apikey"))


def secrets_in(url: str) -> list[str]:
    """The secret parts of ``url`` (password, user, secret query values), to scrub
    them from error texts that may quote the URL."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return []
    out = [s for s in (parts.password, parts.username) if s]
    out += [v for k, v in parse_qsl(parts.query, keep_blank_values=True) if _secret(k) and v]
    return sorted(set(out), key=len, reverse=True)


def scrub(text: str, url: str) -> str:
    """``text`` with every secret of ``url`` replaced by ``***``."""
    for s in secrets_in(url):
        if len(s) >= 3:
            text = text.replace(s, "***")
    return text


def redact_target(url: str) -> str:
    """Scheme, host and port only: for URLs whose path is the secret (Slack-style
    webhooks), the only part that is safe to log."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname or "?"
        port = f":{parts.port}" if parts.port else ""
    except ValueError:
        return "<invalid url>"
    if ":" in host:
        host = f"[{host}]"
    return f"{parts.scheme}://{host}{port}/…"
