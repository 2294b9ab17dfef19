"""Fetch an HSDS feed from an address an editor gives, without letting it reach inside our
own network (SSRF): every address the name resolves to is checked, on each redirect too."""

import http.client
import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import gettext as _


class FetchError(Exception):
    """The feed could not be fetched; the message is for the editor."""


def _check_address(url: str) -> None:
    """Refuse what is no http(s) address, or one inside our own network, unless
    HSDS_IMPORT_ALLOW_PRIVATE (development, tests): an editor must not make the server read
    what only it can reach."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise FetchError(_("Dat adres klopt niet. Kijk of het goed is overgenomen.")) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError(_("Gebruik een adres dat begint met https://."))
    _checked_addresses(parts.hostname, port or 443)


def _checked_addresses(host: str, port: int) -> list[tuple]:
    """The addresses `host` has now, as (family, socket address), if every one is public."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        raise FetchError(_("Dat adres bestaat niet. Kijk of het goed is gespeld.")) from None
    addresses = [(info[0], info[4]) for info in infos]
    private = any(
        not ipaddress.ip_address(address[0].split("%")[0]).is_global for _f, address in addresses
    )
    if private and not settings.HSDS_IMPORT_ALLOW_PRIVATE:
        raise FetchError(_("Dat adres is niet van buiten te bereiken. Gebruik een openbaar adres."))
    return addresses


def _connect_checked(connection: http.client.HTTPConnection) -> socket.socket:
    """A socket to an address checked in the same step. Checking the name first and letting
    the connection look it up again would let a name answer a public address to the check
    and an inside one to the connection (DNS rebinding)."""
    error: OSError = OSError(f"no address for {connection.host}")
    for family, address in _checked_addresses(connection.host, connection.port):
        sock = socket.socket(family, socket.SOCK_STREAM)
        try:
            if isinstance(connection.timeout, int | float):  # else the module's default
                sock.settimeout(connection.timeout)
            sock.connect(address)
        except OSError as failed:
            sock.close()
            error = failed
            continue
        return sock
    raise error


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self) -> None:
        self.sock = _connect_checked(self)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self) -> None:
        self.sock = self._context.wrap_socket(_connect_checked(self), server_hostname=self.host)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect is checked like the address the editor typed (no detour inward)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        _check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch_feed(url: str, max_bytes: int) -> str:
    """The text at an http(s) address that passes _check_address, at most max_bytes.

    Every connection (redirects too) goes to an address checked as it is made, directly:
    not through a proxy from the environment, whose own address would be the one checked.
    """
    _check_address(url)  # the editor's mistakes named before anything is sent
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _CheckedHTTPHandler,
        _CheckedHTTPSHandler,
        _CheckedRedirects,
    )
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with opener.open(request, timeout=10) as response:
            raw = response.read(max_bytes + 1)
    except (urllib.error.URLError, OSError, ValueError):
        raise FetchError(
            _("Het adres gaf geen antwoord. Probeer het later opnieuw of upload het bestand.")
        ) from None
    if len(raw) > max_bytes:
        raise FetchError(_("De export op dat adres is groter dan 5 MB."))
    return raw.decode("utf-8", errors="replace")
