"""Fetch a document over HTTP(S) for add-source, within a time limit, a size cap and a bounded number of redirects.

Only `add-source URL` fetches; check and build never do.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .errors import CitebriefError, clip

FETCH_TIMEOUT = 30.0  # seconds, for connecting and between bytes
MAX_FETCH_BYTES = 16 * 1024 * 1024
MAX_REDIRECTS = 5
USER_AGENT = "citebrief (add-source)"


@dataclass(frozen=True)
class Fetched:
    """A document as a server gave it: its bytes, its type, the address it came from and every redirect on the way."""

    url: str  # the address asked for
    final_url: str  # where the document was found, after redirects
    redirects: tuple[str, ...]  # each address redirected to, in order
    content_type: str  # the media type, without parameters
    charset: str | None
    data: bytes
    accessed: dt.datetime  # when it was fetched, UTC, to the second


def is_url(text: str) -> bool:
    """Whether add-source was given an address rather than a file."""
    return bool(re.match(r"^https?://", text, re.I))


def fetch(url: str, timeout: float = FETCH_TIMEOUT, max_bytes: int = MAX_FETCH_BYTES,
          max_redirects: int = MAX_REDIRECTS) -> Fetched:
    """Fetch one document; refuse it past the size cap, the redirect limit, or on any error status."""
    import httpx

    accessed = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    try:
        with httpx.Client(timeout=timeout, follow_redirects=True, max_redirects=max_redirects,
                          headers={"User-Agent": USER_AGENT}, trust_env=False) as client:
            with client.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise CitebriefError(f"{clip(url)}: the server answered {response.status_code} "
                                         f"{response.reason_phrase}; nothing was added")
                length = response.headers.get("content-length", "")
                if length.isdigit() and int(length) > max_bytes:
                    raise _too_large(url, max_bytes)
                chunks, size = [], 0
                for chunk in response.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise _too_large(url, max_bytes)
                    chunks.append(chunk)
                # each response in the history was a redirect; the addresses it led to are the later ones
                hops = [str(r.url) for r in response.history[1:]] + [str(response.url)]
                redirects = tuple(hops) if response.history else ()
                kind = response.headers.get("content-type", "")
                return Fetched(url, str(response.url), redirects, kind.split(";")[0].strip().lower(),
                               response.charset_encoding, b"".join(chunks), accessed)
    except httpx.TooManyRedirects:
        raise CitebriefError(f"{clip(url)}: more than {max_redirects} redirects; "
                             "add the address the page finally stands at") from None
    except httpx.TimeoutException:
        raise CitebriefError(f"{clip(url)}: no answer within {timeout:g} seconds; nothing was added") from None
    except httpx.HTTPError as exc:
        raise CitebriefError(f"{clip(url)}: cannot fetch ({exc}); nothing was added") from None


def _too_large(url: str, max_bytes: int) -> CitebriefError:
    return CitebriefError(f"{clip(url)} is larger than {max_bytes // (1024 * 1024)} MB, the most citebrief fetches; "
                          "save the document and add the file")
