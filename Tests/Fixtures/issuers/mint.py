"""Mints identity-provider tokens for the external-issuer tests, with PyJWT and joserfc.

Reads on stdin {"keys": {name: kind}, "tokens": [spec, ...]} where kind is RSA, RSA1024, EC or
OKP, and each spec is {"name", "lib": "pyjwt" | "joserfc" | "raw", "key": name | "secret": text,
"alg", "header": {...}, "claims": {...}, "forge": optional}. Prints {"jwks": {name: public JWK},
"tokens": {name: compact JWS}}. Forgeries: "none" (alg none, empty signature), "hmac-public"
(HS256 keyed with the named key's public PEM), "tamper" (payload changed after signing).
"""
import base64, hashlib, hmac, json, sys

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from joserfc import jwt as jose_jwt
from joserfc.jwk import ECKey, OctKey, OKPKey, RSAKey


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def generate(kind):
    if kind == "RSA":
        return rsa.generate_private_key(public_exponent=65537, key_size=2048)
    if kind == "RSA1024":
        return rsa.generate_private_key(public_exponent=65537, key_size=1024)
    if kind == "EC":
        return ec.generate_private_key(ec.SECP256R1())
    return ed25519.Ed25519PrivateKey.generate()


def public_jwk(name, key):
    public = key.public_key()
    if isinstance(key, rsa.RSAPrivateKey):
        numbers = public.public_numbers()
        n = numbers.n.to_bytes((numbers.n.bit_length() + 7) // 8, "big")
        return {"kty": "RSA", "n": b64(n), "e": b64(numbers.e.to_bytes(3, "big")), "kid": name}
    if isinstance(key, ec.EllipticCurvePrivateKey):
        numbers = public.public_numbers()
        return {"kty": "EC", "crv": "P-256", "x": b64(numbers.x.to_bytes(32, "big")),
                "y": b64(numbers.y.to_bytes(32, "big")), "kid": name}
    raw = public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return {"kty": "OKP", "crv": "Ed25519", "x": b64(raw), "kid": name}


def pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def joserfc_key(key):
    if isinstance(key, rsa.RSAPrivateKey):
        return RSAKey.import_key(pem(key))
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return ECKey.import_key(pem(key))
    return OKPKey.import_key(pem(key))


def mint(spec, keys):
    header, claims, alg = dict(spec.get("header", {})), spec["claims"], spec["alg"]
    forge = spec.get("forge")
    if forge == "none":
        header["alg"] = "none"
        return b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode()) + "."
    if forge == "hmac-public":
        public = keys[spec["key"]].public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        header["alg"] = "HS256"
        signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
        return signing_input + "." + b64(hmac.new(public, signing_input.encode(), hashlib.sha256).digest())
    secret = spec.get("secret")
    key = secret if secret is not None else keys[spec["key"]]
    if spec["lib"] == "joserfc":
        jose_key = OctKey.import_key(secret) if secret is not None else joserfc_key(key)
        token = jose_jwt.encode({"alg": alg, **header}, claims, jose_key, algorithms=[alg])
    else:
        token = jwt.encode(claims, key, algorithm=alg, headers=header or None)
    if forge == "tamper":
        head, _, signature = token.split(".")
        token = head + "." + b64(json.dumps({**claims, "sub": "someone-else"}).encode()) + "." + signature
    return token


def main():
    request = json.load(sys.stdin)
    keys = {name: generate(kind) for name, kind in request["keys"].items()}
    out = {"jwks": {name: public_jwk(name, key) for name, key in keys.items()}, "tokens": {}}
    for spec in request["tokens"]:
        out["tokens"][spec["name"]] = mint(spec, keys)
    json.dump(out, sys.stdout)


main()
