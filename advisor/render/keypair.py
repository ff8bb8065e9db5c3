"""An RSA key pair for an app that signs its tokens with one (RS256 JWTs): the app reads the
private key and the public key, each a PEM document encoded in base64, from its
environment (``JWT_PRIVATE_KEY_BASE64`` and ``JWT_PUBLIC_KEY_BASE64``).

Standard library only: primes by Miller-Rabin over ``secrets`` randomness, the keys in
DER (PKCS#8 for the private key, SubjectPublicKeyInfo for the public one), as
``openssl genpkey -algorithm RSA`` writes them.
"""

from __future__ import annotations

import base64
import math
import secrets
import textwrap

BITS = 2048
_E = 65537
_SMALL_PRIMES = tuple(p for p in range(3, 2000, 2) if all(p % d for d in range(3, math.isqrt(p) + 1, 2)))
# AlgorithmIdentifier for rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters.
_RSA_ALGORITHM = bytes.fromhex("300d06092a864886f70d0101010500")


def _probably_prime(n: int, rounds: int = 40) -> bool:
    if any(n % p == 0 for p in _SMALL_PRIMES):
        return n in _SMALL_PRIMES
    d, s = n - 1, 0
    while d % 2 == 0:
        d, s = d // 2, s + 1
    for _ in range(rounds):
        x = pow(secrets.randbelow(n - 3) + 2, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _prime(bits: int) -> int:
    while True:
        # The top two bits set (so p*q has the full length), odd, and p-1 coprime to e.
        candidate = secrets.randbits(bits) | (3 << (bits - 2)) | 1
        if (candidate - 1) % _E and _probably_prime(candidate):
            return candidate


def _length(n: int) -> bytes:
    if n < 0x80:
        return bytes([n])
    raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(raw)]) + raw


def _tlv(tag: int, body: bytes) -> bytes:
    return bytes([tag]) + _length(len(body)) + body


def _integer(n: int) -> bytes:
    return _tlv(0x02, n.to_bytes(n.bit_length() // 8 + 1, "big"))


def _sequence(*parts: bytes) -> bytes:
    return _tlv(0x30, b"".join(parts))


def _pem(label: str, der: bytes) -> str:
    body = "\n".join(textwrap.wrap(base64.b64encode(der).decode("ascii"), 64))
    return f"-----BEGIN {label}-----\n{body}\n-----END {label}-----\n"


def rsa_key_pair(bits: int = BITS) -> tuple[str, str]:
    """(private key, public key) as PEM documents: PKCS#8 and SubjectPublicKeyInfo."""
    while True:
        p, q = _prime(bits // 2), _prime(bits // 2)
        n = p * q
        if p != q and n.bit_length() == bits:
            break
    d = pow(_E, -1, math.lcm(p - 1, q - 1))
    rsa_private = _sequence(
        _integer(0), _integer(n), _integer(_E), _integer(d), _integer(p), _integer(q),
        _integer(d % (p - 1)), _integer(d % (q - 1)), _integer(pow(q, -1, p)),
    )  # fmt: skip
    private = _sequence(_integer(0), _RSA_ALGORITHM, _tlv(0x04, rsa_private))
    public = _sequence(_RSA_ALGORITHM, _tlv(0x03, b"\x00" + _sequence(_integer(n), _integer(_E))))
    return _pem("PRIVATE KEY", private), _pem("PUBLIC KEY", public)


def base64_key_pair() -> tuple[str, str]:
    """The pair with each PEM document in base64 on one line, as .env can hold it."""
    private, public = rsa_key_pair()
    return (
        base64.b64encode(private.encode("ascii")).decode("ascii"),
        base64.b64encode(public.encode("ascii")).decode("ascii"),
    )
