#!/usr/bin/env python3
"""Generates the X.509 certificate vectors of docs/signing.md and primitives/vectors/x509/.

A chain laid out as a Microchip ATECC608 TrustFLEX (custom PKI) part's: a maker's root CA, a
signer (intermediate) CA per production batch, and the device certificate of the chip's P-256
key. Every key is derived from a documented label, and signatures are deterministic
(RFC 6979), so the output is the same on every run:

    pip install cryptography   # 44 or newer
    scripts/x509-vectors.py    # prints the `name = hex` lines of docs/signing.md

It also writes the vectors the tests and benchmarks read as files: the largest chain the chain
accepts and one chain for each profile rule it breaks.
"""

import datetime
import hashlib
import pathlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

OUT = pathlib.Path(__file__).resolve().parent.parent / "primitives" / "vectors" / "x509"

# The P-256 device key of docs/signing.md's worked example (`p256.secret`).
DEVICE_SECRET = 0xC9AFA9D845BA75166B5C215767B1D6934E50C3DB36E89B127B8A622B120F6721
# The largest DER certificate the chain takes (primitives::x509::MAX_CERTIFICATE_LEN).
MAX_CERTIFICATE_LEN = 1024


def key(label):
    """The P-256 key whose secret scalar is SHA-256 of `label` (every label here gives one
    below the group order)."""
    return ec.derive_private_key(
        int.from_bytes(hashlib.sha256(label.encode()).digest(), "big"), ec.SECP256R1()
    )


def utc(*args):
    return datetime.datetime(*args, tzinfo=datetime.timezone.utc)


def name(common_name):
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example Maker"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


KEY_USAGES = (
    "digital_signature content_commitment key_encipherment data_encipherment key_agreement "
    "key_cert_sign crl_sign encipher_only decipher_only"
).split()


def key_usage(*usages):
    return x509.KeyUsage(**{usage: usage in usages for usage in KEY_USAGES})


def ca_usage():
    return key_usage("digital_signature", "key_cert_sign", "crl_sign")


def device_usage():
    return key_usage("digital_signature", "key_agreement")


def build(subject, public, issuer, issuer_key, serial, not_before, not_after, extensions):
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(public)
        .serial_number(serial)
        .not_valid_before(not_before)
        .not_valid_after(not_after)
    )
    for extension, critical in extensions:
        builder = builder.add_extension(extension, critical=critical)
    return builder.sign(issuer_key, hashes.SHA256(), ecdsa_deterministic=True)


def der(certificate):
    return certificate.public_bytes(serialization.Encoding.DER)


root_key = key("depin-node x509 example root")
signer_key = key("depin-node x509 example signer 1A2B")
device_key = ec.derive_private_key(DEVICE_SECRET, ec.SECP256R1())

root_name = name("Example Maker Root CA")


def make_root(extra=(), ca=True, path_length=1):
    return build(
        root_name,
        root_key.public_key(),
        root_name,
        root_key,
        0x5A11C0DE,
        utc(2025, 1, 1),
        utc(2060, 1, 1),
        [
            (x509.BasicConstraints(ca=ca, path_length=path_length if ca else None), True),
            (ca_usage(), True),
            (x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), False),
        ]
        + list(extra),
    )


root = make_root()


def signer_extensions(public, ca=True):
    return [
        (x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True),
        (ca_usage(), True),
        (x509.SubjectKeyIdentifier.from_public_key(public), False),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), False),
    ]


def make_signer(signer_name, ca=True, extra=()):
    return build(
        signer_name,
        signer_key.public_key(),
        root_name,
        root_key,
        0x1A2B,
        utc(2025, 11, 1),
        utc(2056, 11, 1),
        signer_extensions(signer_key.public_key(), ca) + list(extra),
    )


signer_name = name("Example Maker Signer 1A2B")
signer = make_signer(signer_name)

# The chip's serial number, as Microchip names its device certificates: "sn" and 9 bytes hex.
DEVICE_SERIAL = 0x4E5F0C8A1B2D3E4F5061728394A5B6C7


def make_device(public=None, issuer=signer, issuer_key=signer_key, usage=True, extra=()):
    public = public or device_key.public_key()
    extensions = [
        (device_usage(), True),
        (x509.ExtendedKeyUsage([ExtendedKeyUsageOID.CLIENT_AUTH]), False),
        (x509.SubjectKeyIdentifier.from_public_key(public), False),
        (x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), False),
    ]
    if not usage:
        extensions = extensions[1:]
    return build(
        name("sn0123A1B2C3D4E5F6EE"),
        public,
        issuer.subject,
        issuer_key,
        DEVICE_SERIAL,
        # Manufacturing hour; 28 years, as Microchip's device templates.
        utc(2026, 1, 15, 10),
        utc(2054, 1, 15, 10),
        extensions + list(extra),
    )


device = make_device()


def padding(length):
    """A non-critical extension of `length` bytes of value: it pads a certificate."""
    return (
        x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.99999.1"), b"\x04" * length),
        False,
    )


def padded(make, target):
    """The certificate `make(extra)` padded to exactly `target` DER bytes."""
    length = 0
    while True:
        certificate = make([padding(length)] if length else [])
        size = len(der(certificate))
        if size == target:
            return certificate
        length += target - size if size < target else -1


# The largest root, signer and device certificates: the same names and keys as the example's,
# so that the example's signer verifies under the large root, and the large device under the
# large signer.
large_root = padded(make_root, MAX_CERTIFICATE_LEN)
large_signer = padded(lambda extra: make_signer(signer_name, extra=extra), MAX_CERTIFICATE_LEN)
large_device = padded(
    lambda extra: make_device(issuer=large_signer, extra=extra), MAX_CERTIFICATE_LEN
)

not_ca_signer = make_signer(name("Example Maker Signer 1A2B"), ca=False)
unknown_critical = make_device(
    extra=[(x509.UnrecognizedExtension(ObjectIdentifier("1.3.6.1.4.1.99999.2"), b"\x05\x00"), True)]
)
leaf_as_ca = make_device(extra=[(x509.BasicConstraints(ca=True, path_length=None), True)])
p384 = make_device(public=ec.derive_private_key(7, ec.SECP384R1()).public_key())
stranger_key = key("depin-node x509 stranger")
stranger_signed = build(
    name("sn0123A1B2C3D4E5F6EE"),
    device_key.public_key(),
    signer.subject,
    stranger_key,
    DEVICE_SERIAL,
    utc(2026, 1, 15, 10),
    utc(2054, 1, 15, 10),
    [(device_usage(), True)],
)

OUT.mkdir(parents=True, exist_ok=True)
files = {
    "root-no-signers.der": make_root(path_length=0),
    "root-not-ca.der": make_root(ca=False),
    "large-root.der": large_root,
    "large-signer.der": large_signer,
    "large-device.der": large_device,
    "signer-not-ca.der": not_ca_signer,
    "device-unknown-critical.der": unknown_critical,
    "device-is-ca.der": leaf_as_ca,
    "device-p384.der": p384,
    "device-signed-by-stranger.der": stranger_signed,
}
for file_name, certificate in files.items():
    (OUT / file_name).write_bytes(der(certificate))

for label, certificate in [("root", root), ("signer", signer), ("device", device)]:
    print(f"x509.{label:<8} = {der(certificate).hex()}")
print(f"x509.root_id  = {hashlib.sha256(der(root)).hexdigest()}")
signer_point = signer_key.public_key().public_bytes(
    serialization.Encoding.X962, serialization.PublicFormat.CompressedPoint
)
print(f"x509.batch    = {hashlib.sha256(signer_point).digest()[:4].hex()}")
print(f"x509.serial   = {DEVICE_SERIAL.to_bytes(16, 'big')[-8:].hex()}")
